//! Help and command-line errors in the user's language. The commands are
//! declared once, with English help (doc comments); for a Chinese terminal
//! [`localize`] puts the Chinese texts of [`ZH`] in their place, and
//! [`exit`] says clap's errors in Chinese.

use crate::locale::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use std::io::Write;
use std::process::ExitCode;

pub const CHECK_AFTER_HELP_EN: &str = "\
Output (text): one line per finding, `FILE:LINE:COL: CODE: message`; LINE and COL are \
1-based and COL counts characters, not bytes. `--format json`: one JSON array of objects \
with file, line, column, endLine, endColumn, code, severity, message, text.
Codes: year, name, number, session, blank, redaction, missing, custom (placeholders); \
numbering (section numbers skipped, repeated, out of order …); substitution, forbidden \
(the office's rules of jianggao.toml, found from each file's folder upward or named by --config).
Input: UTF-8 (with or without a BOM), GB18030/GBK or UTF-16; LF, CRLF or CR line breaks.

Exit status: 0 when nothing is found, 1 when something is, 2 when an input cannot be read \
or an option is invalid.";

pub const OUTLINE_AFTER_HELP_EN: &str = "\
Output (text): the outline, one section per line (`name  [level, Lstart-end, N字]`), then \
each numbering problem as `FILE:LINE:COL: numbering: message`. `--format json`: one object \
with file, sections and findings.

Exit status: 0 when the numbering is in order, 1 when it is not, 2 when the file cannot be \
read or an option is invalid.";

const CHECK_AFTER_HELP_ZH: &str = "\
输出（text）：每个发现一行，`文件:行:列: 代码: 说明`；行和列从 1 开始，列按字符计（不是字节）。\
`--format json`：一个 JSON 数组，每项含 file、line、column、endLine、endColumn、code、severity、message、text。
代码：year、name、number、session、blank、redaction、missing、custom（占位符）；\
numbering（编号跳号、重复、顺序颠倒等）；substitution、forbidden\
（本单位规范 jianggao.toml，从每个文件所在文件夹向上查找，或由 --config 指定）。
输入：UTF-8（带或不带 BOM）、GB18030/GBK 或 UTF-16；换行可以是 LF、CRLF 或 CR。

退出状态：0 没有发现，1 有发现，2 有输入无法读取或选项无效。";

const OUTLINE_AFTER_HELP_ZH: &str = "\
输出（text）：先是大纲，每节一行（`名称  [级别, L起-止, N字]`），再按 \
`文件:行:列: numbering: 说明` 列出每个编号问题。`--format json`：一个对象，含 file、sections、findings。

退出状态：0 编号没有问题，1 有问题，2 文件无法读取或选项无效。";

const ROOT_LONG_ABOUT_ZH: &str = "\
讲稿 jianggao：帮助撰写中文讲话稿和报告的语言服务器。

不带命令运行时，它通过标准输入/输出提供语言服务器协议（LSP），由编辑器启动。
日志写到标准错误；设置 RUST_LOG（例如 RUST_LOG=jianggao=debug）可看到更多。

各命令的退出状态：0 没有问题，1 有发现，2 输入无法使用或选项无效。";

const FORMAT_ZH: &str = "输出格式：text（默认，每个发现一行）或 json";

/// Chinese help: (command, argument id, text); an empty id is the
/// command's own description.
const ZH: &[(&str, &str, &str)] = &[
    ("", "", "讲稿 jianggao：帮助撰写中文讲话稿和报告的语言服务器"),
    ("", "stdio", "通过标准输入/输出提供 LSP（默认；编辑器会传这个参数）"),
    ("serve", "", "通过标准输入/输出提供语言服务器协议（默认）"),
    ("serve", "stdio", "为传这个参数的编辑器而接受"),
    ("check", "", "检查文件或文件夹中未填写的占位符（20xx、XX同志、××、____ …）、编号问题和结构预告（讲三点意见却只有两点）"),
    ("check", "paths", "要检查的文件或文件夹（文件夹：其中所有 .txt 和 .md，递归）；- 读标准输入"),
    ("check", "format", FORMAT_ZH),
    ("check", "disabled", "不报告这一类（year、name、number、session、blank、redaction、missing、custom、numbering、structure、speaking-time、punctuation、number-style、script、substitution、forbidden）；可重复"),
    ("check", "ignore_words", "永远不算占位符的文字（例如 X5）；可重复"),
    ("check", "patterns", "额外的占位符模式（正则表达式），报告为 custom；可重复"),
    ("check", "config", "使用这个规范文件（jianggao.toml），而不是从每个文件所在文件夹向上找到的那个"),
    ("outline", "", "打印讲稿的编号大纲，以及编号问题"),
    ("outline", "file", "讲稿（.txt 或 .md；UTF-8、GB18030 或 UTF-16）；- 读标准输入"),
    ("outline", "format", FORMAT_ZH),
    ("outline", "no_enumerations", "不列出行内列举（一是、首先 …）"),
    ("outline", "no_checks", "不报告编号问题"),
    ("complete", "", "打印文本末尾的短语补全建议（按排名）"),
    ("complete", "text", "光标前的文字；- 从标准输入读"),
    ("complete", "max_items", "最多打印几条建议"),
    ("complete", "verbose", "同时打印每条建议的得分、频次和例句"),
    ("complete", "paths", "你自己的模板文件或文件夹（.txt、.md）；可重复"),
    ("complete", "no_builtin", "不使用内置的模板语料"),
    ("complete", "no_cache", "不读也不写索引缓存（与语言服务器共用，在缓存文件夹中）：重新为你的模板建索引"),
    ("corpus", "", "载入模板语料并汇总（文档、分篇、跳过的文件）"),
    ("corpus", "paths", "你自己的模板文件或文件夹（.txt、.md）；可重复"),
    ("corpus", "no_builtin", "不使用内置的模板语料"),
    ("new", "", "打印从模板中提炼的讲话稿骨架（称呼、开场、分点、结尾）"),
    ("new", "which", "哪一个骨架：序号或名称（的一部分）；默认第一个"),
    ("new", "list", "列出全部骨架，而不打印"),
    ("new", "paths", "你自己的模板文件或文件夹（.txt、.md）；可重复"),
    ("new", "no_builtin", "不使用内置的模板语料"),
];

/// The command line in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    match lang {
        Lang::En => cmd,
        Lang::Zh => {
            let mut cmd = chinese(cmd, "");
            cmd.build();
            cmd.mut_subcommand("help", |help| help.about("显示本帮助，或某个命令的帮助"))
        }
    }
}

fn chinese(mut cmd: Command, name: &str) -> Command {
    cmd = cmd
        .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true);
    if name.is_empty() {
        cmd = cmd
            .long_about(ROOT_LONG_ABOUT_ZH)
            .disable_version_flag(true);
    }
    for &(_, id, text) in ZH.iter().filter(|(command, ..)| *command == name) {
        cmd = if id.is_empty() {
            cmd.about(text)
        } else {
            cmd.mut_arg(id, |arg| arg.help(text))
        };
    }
    // The Chinese texts name the values and the default themselves.
    if name == "check" || name == "outline" {
        cmd = cmd.mut_arg("format", |arg| {
            arg.hide_possible_values(true).hide_default_value(true)
        });
    }
    if name == "check" {
        cmd = cmd.mut_arg("disabled", |arg| arg.hide_possible_values(true));
    }
    cmd = match name {
        "check" => cmd.after_help(CHECK_AFTER_HELP_ZH),
        "outline" => cmd.after_help(OUTLINE_AFTER_HELP_ZH),
        _ => cmd,
    };
    let args: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    for (id, positional) in args {
        let heading = if positional { "参数" } else { "选项" };
        cmd = cmd.mut_arg(id, |arg| arg.help_heading(heading));
    }
    cmd = cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助")
            .help_heading("选项"),
    );
    if name.is_empty() {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subcommands {
        cmd = cmd.mut_subcommand(&sub, |s| chinese(s, &sub));
    }
    cmd
}

/// Ends the program on a command-line error (or `--help`, `--version`):
/// clap's own words in English, ours in Chinese. Exit status 2 for an
/// error, 0 for help and version.
pub fn exit(error: clap::Error, lang: Lang) -> ExitCode {
    let code = ExitCode::from(error.exit_code() as u8);
    let shows_help = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if lang == Lang::En || shows_help {
        let _ = error.print();
        return code;
    }
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => usage.to_string(),
        _ => String::new(),
    };
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let usage = if usage.is_empty() {
        String::new()
    } else {
        format!("\n\n用法：{usage}")
    };
    let _ = writeln!(
        std::io::stderr().lock(),
        "jianggao：错误：{}{usage}\n\n运行 jianggao --help 查看帮助。",
        chinese_error(&error)
    );
    code
}

fn context(error: &clap::Error, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        Some(ContextValue::StyledStrs(list)) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn chinese_error(error: &clap::Error) -> String {
    let arg = context(error, ContextKind::InvalidArg);
    let value = context(error, ContextKind::InvalidValue);
    let suggestion = match context(error, ContextKind::SuggestedArg) {
        s if s.is_empty() => match context(error, ContextKind::SuggestedSubcommand) {
            s if s.is_empty() => String::new(),
            s => format!("（你是不是想用 {s}？）"),
        },
        s => format!("（你是不是想用 {s}？）"),
    };
    match error.kind() {
        ErrorKind::InvalidValue => {
            let valid = context(error, ContextKind::ValidValue);
            let valid = if valid.is_empty() {
                String::new()
            } else {
                format!("；可用的值：{valid}")
            };
            format!("{arg} 的值“{value}”无效{valid}{suggestion}")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(|e| format!("：{e}"))
                .unwrap_or_default();
            format!("{arg} 的值“{value}”无效{why}")
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”{suggestion}"),
        ErrorKind::InvalidSubcommand => {
            let command = context(error, ContextKind::InvalidSubcommand);
            format!("不认识的命令“{command}”{suggestion}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与其他参数同时使用"),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        _ => {
            let english = error.render().to_string();
            let first = english.lines().next().unwrap_or_default();
            format!("命令行参数有误（{}）", first.trim_start_matches("error: "))
        }
    }
}

/// What `jianggao` says when started on a terminal: it is a language
/// server waiting for an editor, and the commands are for people.
pub fn terminal_notice(lang: Lang) -> &'static str {
    lang.pick(
        "这是讲稿 jianggao 语言服务器：它由编辑器启动，通过标准输入/输出收发 JSON-RPC（LSP），\
现在正在等待编辑器的消息（按 Ctrl-D 或 Ctrl-C 退出）。\n\
在命令行中使用：jianggao check 文件…（检查未填写的占位符和编号）、jianggao outline 文件、\
jianggao complete \"文字\"、jianggao corpus；jianggao --help 查看全部命令。",
        "this is the jianggao language server: an editor starts it and speaks JSON-RPC (LSP) \
with it over stdin/stdout; it is now waiting for an editor's messages (Ctrl-D or Ctrl-C \
to quit).\nFor use on the command line: jianggao check FILE… (unfilled placeholders and \
numbering), jianggao outline FILE, jianggao complete \"TEXT\", jianggao corpus; \
jianggao --help lists everything.",
    )
}
