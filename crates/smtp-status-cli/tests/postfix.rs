//! A real Postfix, on a 127.0.0.1 port of its own with a private
//! configuration: its real rejections and real bounce emails are fed to the
//! library and to the `smtp-status` command.
//!
//! Needs Postfix and root (Postfix's master runs as root and its daemons as
//! the `postfix` user). The workspace's test command, `cargo xtask test`,
//! installs Postfix when it is missing (as root, with apt-get; see
//! xtask/src/test.rs). Set `SMTP_STATUS_SKIP_POSTFIX=1` where Postfix cannot
//! run: the test is then compiled as ignored (see build.rs) and reported as
//! such.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_smtp-status"))
}

/// Fails, saying how to install it, when Postfix is missing.
fn require_postfix() {
    let found = [
        "/usr/sbin/postfix",
        "/usr/sbin/postconf",
        "/usr/sbin/postqueue",
    ]
    .iter()
    .all(|p| Path::new(p).exists());
    assert!(
        found,
        "Postfix is not installed. `cargo xtask test` installs it (as root on Debian or \
         Ubuntu: apt-get update; apt-get install -y postfix), \
         or set SMTP_STATUS_SKIP_POSTFIX=1 to mark this test ignored"
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn id(flag: &str) -> String {
    let out = Command::new("id").args([flag, "postfix"]).output().unwrap();
    assert!(
        out.status.success(),
        "no `postfix` user: install Postfix from Debian's packages"
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// A private Postfix instance; stopped (and its directory removed) on drop.
struct Postfix {
    dir: PathBuf,
    port: u16,
}

impl Postfix {
    fn start(fake_port: u16) -> Postfix {
        let dir = std::env::temp_dir().join(format!("smtp-status-postfix-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["vmail", "queue", "data"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let d = dir.display();
        let port = free_port();
        let (uid, gid) = (id("-u"), id("-g"));
        Command::new("chown")
            .arg(format!("{uid}:{gid}"))
            .arg(dir.join("vmail"))
            .arg(dir.join("data"))
            .status()
            .unwrap();
        Command::new("chmod").arg("755").arg(&dir).status().unwrap();
        let main_cf = format!(
            "compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
mail_owner = postfix
myhostname = mx.test.example
mydomain = test.example
myorigin = test.example
mydestination = test.example, localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 192.0.2.1/32
alias_maps =
alias_database =
local_recipient_maps = texthash:{d}/local_users
relay_domains = fail.test, delay.test, nouser.test, refused.test
transport_maps = texthash:{d}/transport
virtual_mailbox_domains = bounces.test
virtual_mailbox_base = {d}/vmail
virtual_mailbox_maps = texthash:{d}/vmailbox
virtual_uid_maps = static:{uid}
virtual_gid_maps = static:{gid}
virtual_minimum_uid = 1
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access texthash:{d}/access
message_size_limit = 200000
delay_warning_time = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
queue_run_delay = 1s
maillog_file = {d}/maillog
maillog_file_prefixes = {d}
smtpd_banner = $myhostname ESMTP
biff = no
append_dot_mydomain = no
smtpd_tls_security_level = none
smtp_tls_security_level = none
"
        );
        let master_cf = format!(
            "127.0.0.1:{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"
        );
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write("main.cf", &main_cf);
        write("master.cf", &master_cf);
        write("local_users", "postmaster ok\nroot ok\n");
        write(
            "transport",
            &format!(
                "fail.test smtp:[127.0.0.1]:{fake_port}\ndelay.test smtp:[127.0.0.1]:{fake_port}\n\
                 nouser.test error:5.1.1 no such mailbox here\n\
                 refused.test smtp:[127.0.0.1]:{closed}\n",
                closed = free_port()
            ),
        );
        write("vmailbox", "sender@bounces.test sender\n");
        write(
            "access",
            "busy@test.example 450 4.2.1 Mailbox busy, try again later\n",
        );
        let pf = Postfix { dir, port };
        let out = Command::new("postfix")
            .arg("-c")
            .arg(&pf.dir)
            .arg("start")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "postfix -c {} start failed (Postfix needs root): {}{}",
            pf.dir.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // Wait (bounded) for smtpd to listen.
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", pf.port)).is_ok() {
                return pf;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "Postfix did not listen on 127.0.0.1:{}; log: {}",
            pf.port,
            pf.log()
        );
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("maillog")).unwrap_or_default()
    }

    fn flush(&self) {
        let _ = Command::new("postqueue")
            .arg("-c")
            .arg(&self.dir)
            .arg("-f")
            .output();
    }

    fn mailbox(&self) -> String {
        std::fs::read_to_string(self.dir.join("vmail/sender")).unwrap_or_default()
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        let _ = Command::new("postfix")
            .arg("-c")
            .arg(&self.dir)
            .arg("stop")
            .output();
        if std::env::var_os("SMTP_STATUS_KEEP_POSTFIX").is_none() {
            // Give the master a moment to exit before its files go.
            std::thread::sleep(Duration::from_millis(500));
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A minimal SMTP client that returns each reply as Postfix sent it.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn connect(port: u16) -> (Client, Vec<u8>) {
        let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut c = Client {
            reader: BufReader::new(s.try_clone().unwrap()),
            writer: s,
        };
        let greeting = c.reply();
        (c, greeting)
    }

    fn reply(&mut self) -> Vec<u8> {
        let mut all = Vec::new();
        loop {
            let mut line = Vec::new();
            let n = self.reader.read_until(b'\n', &mut line).unwrap();
            assert!(n > 0, "connection closed");
            all.extend_from_slice(&line);
            if line.get(3) != Some(&b'-') {
                return all;
            }
        }
    }

    fn cmd(&mut self, line: &str) -> Vec<u8> {
        self.writer.write_all(line.as_bytes()).unwrap();
        self.writer.write_all(b"\r\n").unwrap();
        let reply = self.reply();
        eprintln!("> {line}\n< {}", String::from_utf8_lossy(&reply).trim_end());
        reply
    }
}

/// A stand-in for remote MTAs: refuses `@fail.test` recipients for good and
/// `@delay.test` recipients for now.
fn fake_remote() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || {
                let _ = serve(stream);
            });
        }
    });
    port
}

fn serve(stream: TcpStream) -> std::io::Result<()> {
    let mut w = stream.try_clone()?;
    let mut r = BufReader::new(stream);
    w.write_all(b"220 remote.fail.test ESMTP fake\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        let reply = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            "250 remote.fail.test\r\n".to_owned()
        } else if upper.starts_with("RCPT") {
            let addr = line[line.find('<').unwrap_or(0)..]
                .trim_end()
                .split('>')
                .next()
                .unwrap_or("")
                .to_owned()
                + ">";
            if upper.contains("@FAIL.TEST") {
                format!("550 5.1.1 {addr}: Recipient address rejected: User unknown\r\n")
            } else {
                format!("452 4.2.2 {addr}: Mailbox full, try again later\r\n")
            }
        } else if upper.starts_with("DATA") {
            w.write_all(b"354 go ahead\r\n")?;
            loop {
                line.clear();
                if r.read_line(&mut line)? == 0 || line.trim_end() == "." {
                    break;
                }
            }
            "250 2.0.0 queued\r\n".to_owned()
        } else if upper.starts_with("QUIT") {
            w.write_all(b"221 2.0.0 bye\r\n")?;
            return Ok(());
        } else {
            "250 2.0.0 ok\r\n".to_owned()
        };
        w.write_all(reply.as_bytes())?;
    }
}

fn explain_json(reply: &[u8]) -> serde_json::Value {
    let mut child = bin()
        .args(["--json", "explain", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(reply).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "explain failed on {:?}: {}",
        String::from_utf8_lossy(reply),
        String::from_utf8_lossy(&out.stderr)
    );
    // JSON Lines: one object per reply.
    let lines = String::from_utf8(out.stdout).unwrap();
    serde_json::Value::Array(
        lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    )
}

/// (reply as Postfix sent it, expected reply code, expected enhanced code).
fn check_reply(reply: &[u8], code: u16, enhanced: &str) {
    let text = String::from_utf8_lossy(reply);
    let r = smtp_status_explain::reply::read(reply).unwrap();
    assert_eq!(r.code.as_u16(), code, "{text}");
    assert_eq!(r.enhanced.unwrap().to_string(), enhanced, "{text}");
    let v = explain_json(reply);
    let e = &v[0];
    assert_eq!(e["kind"], "reply", "{v}");
    assert_eq!(e["explanation"]["reply_code"], code, "{v}");
    assert_eq!(e["explanation"]["enhanced"]["code"], enhanced, "{v}");
    // The human form too, with the whole reply as one argument.
    let out = bin().args(["explain", text.trim_end()]).output().unwrap();
    assert!(out.status.success());
    let human = String::from_utf8(out.stdout).unwrap();
    assert!(human.contains(&format!("reply {code}")), "{human}");
}

#[test]
// build.rs sets `skip_postfix` from SMTP_STATUS_SKIP_POSTFIX: the test is
// then reported as ignored, not as passed.
#[cfg_attr(skip_postfix, ignore = "SMTP_STATUS_SKIP_POSTFIX is set")]
fn real_postfix_rejections_and_bounces() {
    require_postfix();
    let fake = fake_remote();
    let pf = Postfix::start(fake);

    // Rejections during the SMTP dialogue.
    let (mut c, greeting) = Client::connect(pf.port);
    assert!(greeting.starts_with(b"220 "), "{greeting:?}");
    let rcpt_first = c.cmd("RCPT TO:<root@test.example>");
    assert!(c.cmd("EHLO client.test").starts_with(b"250"));
    assert!(c.cmd("MAIL FROM:<sender@bounces.test>").starts_with(b"250"));
    let unknown = c.cmd("RCPT TO:<nosuchuser@test.example>");
    let relay = c.cmd("RCPT TO:<someone@elsewhere.example>");
    let busy = c.cmd("RCPT TO:<busy@test.example>");
    let syntax = c.cmd("RCPT TO:<a b@@test.example>");
    let unknown_cmd = c.cmd("XYZZY");
    c.cmd("QUIT");
    // Postfix remembers a refused SIZE for the session: a connection of its own.
    let (mut c, _) = Client::connect(pf.port);
    c.cmd("EHLO client.test");
    let too_big = c.cmd("MAIL FROM:<sender@bounces.test> SIZE=10000000");
    c.cmd("QUIT");
    let all = [
        (&rcpt_first, 503, "5.5.1"),
        (&too_big, 552, "5.3.4"),
        (&unknown, 550, "5.1.1"),
        (&relay, 554, "5.7.1"),
        (&busy, 450, "4.2.1"),
        (&syntax, 501, "5.1.3"),
        (&unknown_cmd, 500, "5.5.2"),
    ];
    for (reply, code, enhanced) in all {
        eprintln!(
            "postfix said: {}",
            String::from_utf8_lossy(reply).trim_end()
        );
        check_reply(reply, code, enhanced);
    }
    assert!(String::from_utf8_lossy(&unknown).contains("User unknown in local recipient table"));
    assert!(String::from_utf8_lossy(&relay).contains("Relay access denied"));

    // Pipelined replies on stdin: every one is explained.
    let mut stream = Vec::new();
    for (reply, _, _) in all {
        stream.extend_from_slice(reply);
    }
    let v = explain_json(&stream);
    assert_eq!(v.as_array().unwrap().len(), all.len(), "{v}");

    // A message for a recipient the remote refuses and one it defers.
    let (mut c, _) = Client::connect(pf.port);
    c.cmd("EHLO client.test");
    assert!(c.cmd("MAIL FROM:<sender@bounces.test>").starts_with(b"250"));
    assert!(c.cmd("RCPT TO:<gone@fail.test>").starts_with(b"250"));
    assert!(c.cmd("RCPT TO:<later@delay.test>").starts_with(b"250"));
    // Postfix refuses at RCPT what its error transport would bounce.
    let error_transport = c.cmd("RCPT TO:<x@nouser.test>");
    check_reply(&error_transport, 550, "5.1.1");
    assert!(String::from_utf8_lossy(&error_transport).contains("no such mailbox here"));
    assert!(c.cmd("RCPT TO:<y@refused.test>").starts_with(b"250"));
    assert!(c.cmd("DATA").starts_with(b"354"));
    let accepted = c
        .cmd("From: sender@bounces.test\r\nTo: gone@fail.test\r\nSubject: test\r\n\r\nHello.\r\n.");
    assert!(accepted.starts_with(b"250"), "{accepted:?}");
    c.cmd("QUIT");

    // Poll (bounded) for the non-delivery report and the delay warning.
    let mut mailbox = String::new();
    for _ in 0..60 {
        mailbox = pf.mailbox();
        if mailbox.contains("Undelivered Mail Returned to Sender")
            && mailbox.contains("Delayed Mail")
        {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
        pf.flush();
    }
    let messages: Vec<&str> = mailbox
        .split("\nFrom MAILER-DAEMON")
        .filter(|m| !m.trim().is_empty())
        .collect();
    let failed = messages
        .iter()
        .find(|m| m.contains("Undelivered Mail Returned to Sender") && m.contains("gone@fail.test"))
        .unwrap_or_else(|| {
            panic!(
                "no bounce from Postfix; mailbox: {mailbox}\nlog: {}",
                pf.log()
            )
        });
    let delayed = messages
        .iter()
        .find(|m| m.contains("Delayed Mail") && m.contains("later@delay.test"))
        .unwrap_or_else(|| {
            panic!(
                "no delay warning from Postfix; mailbox: {mailbox}\nlog: {}",
                pf.log()
            )
        });
    let strip = |m: &str| {
        m.split_once('\n')
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or_default()
    };
    let failed = strip(failed);
    let delayed = strip(delayed);
    if let Ok(dir) = std::env::var("SMTP_STATUS_SAVE_POSTFIX_BOUNCES") {
        std::fs::write(Path::new(&dir).join("postfix-failed.eml"), &failed).unwrap();
        std::fs::write(Path::new(&dir).join("postfix-delayed.eml"), &delayed).unwrap();
    }

    let b = smtp_status_explain::read(failed.as_bytes()).unwrap();
    let gone = b
        .recipients
        .iter()
        .find(|r| r.recipient.as_deref() == Some("gone@fail.test"))
        .unwrap_or_else(|| panic!("{b:?}"));
    let gone = gone.dsn.as_ref().unwrap();
    assert!(gone.is_failure);
    assert_eq!(gone.status.unwrap().to_string(), "5.1.1");
    assert_eq!(gone.diagnostic_type.as_deref(), Some("smtp"));
    let reply = gone.reply.as_ref().unwrap();
    assert_eq!(reply.code.as_u16(), 550);
    assert_eq!(gone.agreement, smtp_status_explain::Agreement::Agree);

    let d = smtp_status_explain::read(delayed.as_bytes()).unwrap();
    let later = d
        .recipients
        .iter()
        .find(|r| r.recipient.as_deref() == Some("later@delay.test"))
        .unwrap_or_else(|| panic!("{d:?}"));
    let later = later.dsn.as_ref().unwrap();
    assert_eq!(later.action, "delayed");
    assert!(!later.is_failure);
    assert_eq!(later.status.unwrap().to_string(), "4.2.2");
    assert_eq!(later.reply.as_ref().unwrap().code.as_u16(), 452);

    // Postfix's own diagnostic (X-Postfix) for a refused connection, in the
    // same delay warning or another one.
    let all: Vec<smtp_status_explain::Recipient> = messages
        .iter()
        .filter_map(|m| smtp_status_explain::read(strip(m).as_bytes()).ok())
        .flat_map(|b| b.recipients)
        .collect();
    let y = all
        .iter()
        .find(|r| r.recipient.as_deref() == Some("y@refused.test"))
        .unwrap_or_else(|| panic!("{all:?}"));
    let y = y.dsn.as_ref().unwrap();
    assert_eq!(y.action, "delayed");
    assert_eq!(
        y.status.unwrap().class(),
        smtp_status::Class::PersistentTransientFailure
    );
    assert!(
        y.diagnostic
            .as_deref()
            .unwrap_or("")
            .contains("Connection refused"),
        "{y:?}"
    );

    // The command on the same bytes.
    for (mail, needle) in [
        (&failed, "gone@fail.test  failed"),
        (&delayed, "later@delay.test  delayed"),
    ] {
        let mut child = bin()
            .args(["bounce", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(mail.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(needle), "{text}");
        assert!(text.contains("Status and the SMTP reply agree"), "{text}");
    }
}
