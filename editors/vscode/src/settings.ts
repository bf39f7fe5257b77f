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

export function documentSelector(languages: string[]): { scheme: string; language: string }[] {
  return languages.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);
}
