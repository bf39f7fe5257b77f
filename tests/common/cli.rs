//! Runs the `jianggao` command line in tests: in a known language, with
//! what it is given on stdin, and never for longer than [`super::TIMEOUT`]
//! (a hang fails the test instead of blocking the suite).

use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Instant;

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    /// `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// No panic message, no panic exit status.
    pub fn assert_no_panic(&self) {
        assert!(
            self.code != Some(101) && !self.stderr.contains("panicked"),
            "{self:#?}"
        );
    }
}

/// `jianggao ARGS` in English (`LANG=en_US.UTF-8`), run from the crate root.
/// The index cache folder of this test run's commands.
pub fn cache_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("jianggao-cli-test-cache-{}", std::process::id()))
}

pub fn jianggao(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jianggao"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .env("RUST_LOG", "off")
        // Never the tester's own rule file, nor their index cache.
        .env("JIANGGAO_USER_CONFIG", "")
        .env("XDG_CACHE_HOME", cache_dir());
    command
}

/// The same in Chinese (`LANG=zh_CN.UTF-8`).
pub fn jianggao_zh(args: &[&str]) -> Command {
    let mut command = jianggao(args);
    command.env("LANG", "zh_CN.UTF-8");
    command
}

/// Runs `command` with `stdin` as its standard input.
pub fn run(command: &mut Command, stdin: &[u8]) -> Run {
    let mut child = spawn(command);
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // A command that does not read its stdin closes it: ignore the error.
    std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = reader(child.stdout.take().unwrap());
    let err = reader(child.stderr.take().unwrap());
    let status = wait(&mut child, &*command);
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// Starts `command` with all three streams piped.
fn spawn(command: &mut Command) -> Child {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn jianggao")
}

/// Waits for `child` to end; kills it and fails the test after the timeout.
fn wait(child: &mut Child, what: &dyn std::fmt::Debug) -> ExitStatus {
    let deadline = Instant::now() + super::TIMEOUT;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what:?} did not finish in {:?}", super::TIMEOUT);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn reader(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs `command` with its stdout closed before it writes anything, as
/// `| head -0` would: it must end without a panic.
pub fn run_with_closed_stdout(command: &mut Command, stdin: &[u8]) -> Run {
    let mut child = spawn(command);
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    let err = reader(child.stderr.take().unwrap());
    let status = wait(&mut child, &*command);
    Run {
        code: status.code(),
        stdout: String::new(),
        stderr: err.join().unwrap(),
    }
}

/// Makes a FIFO at `path` with the `mkfifo` program; false where there is none.
pub fn mkfifo(path: &std::path::Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// For a program run under `script` (so that its stdin is a terminal):
/// reads what it prints until it has said `until`, then types Ctrl-D and
/// waits for it to end. Returns everything it printed.
pub fn finish_on_terminal(child: &mut Child, until: &str) -> String {
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buffer = [0; 4096];
        while let Ok(n) = stdout.read(&mut buffer) {
            if n == 0 || tx.send(buffer[..n].to_vec()).is_err() {
                return;
            }
        }
    });
    let deadline = Instant::now() + super::TIMEOUT;
    let mut printed = Vec::new();
    while !String::from_utf8_lossy(&printed).contains(until) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => printed.extend(chunk),
            Err(_) => break,
        }
    }
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(b"\x04");
    drop(stdin);
    wait(child, &"the server on a terminal, after Ctrl-D");
    while let Ok(chunk) = rx.try_recv() {
        printed.extend(chunk);
    }
    String::from_utf8_lossy(&printed).into_owned()
}
