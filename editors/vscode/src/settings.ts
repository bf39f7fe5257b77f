// Which settings go to the server, and which documents it serves. Free of the
// `vscode` module so that it can be tested in plain Node.

export const SECTION = "jianggao";

/** Settings of this extension that the server never reads. */
export const CLIENT_ONLY_SETTINGS = ["languages", "server", "trace"] as const;

/** Client settings that choose the server or its documents: changing one restarts it. */
export const RESTART_SETTINGS = ["languages", "server"] as const;

/**
 * The `jianggao` section as the server expects it in `initializationOptions`:
 * plain JSON, without the client-only settings.
 */
export function serverSettings(config: object): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  const clientOnly: readonly string[] = CLIENT_ONLY_SETTINGS;
  return Object.fromEntries(Object.entries(plain).filter(([key]) => !clientOnly.includes(key)));
}

/**
 * `initializationOptions`: the server takes them as the user's own settings,
 * the only ones whose `corpus.paths` may lie outside the workspace. So they
 * carry the merged settings except `corpus.paths`, which is the user-level
 * value only (`inspect("corpus.paths").globalValue`); the workspace's own
 * value reaches the server through `workspace/configuration`, where paths
 * outside the workspace are skipped.
 */
export function initializationOptions(config: object, userCorpusPaths: unknown): Record<string, unknown> {
  const settings = serverSettings(config);
  const corpus = typeof settings.corpus === "object" && settings.corpus !== null ? settings.corpus : {};
  const paths = Array.isArray(userCorpusPaths) ? userCorpusPaths.filter((p) => typeof p === "string") : [];
  return { ...settings, corpus: { ...corpus, paths } };
}

export function documentSelector(languages: string[]): { scheme: string; language: string }[] {
  return languages.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);
}
