//! The `jianggao` binary: a thin shell around [`jianggao::cli`].

fn main() -> std::process::ExitCode {
    jianggao::cli::main()
}
