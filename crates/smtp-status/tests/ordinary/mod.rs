//! Lines that hold no status code, shared by the finder's tests and the
//! workspace test that keeps the CLI's copy, fixtures/ordinary-lines.txt, equal to it.

/// A small generator with a fixed seed: the same lines on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Lines that are not about mail delivery but are full of digits and dots:
/// log lines, versions, addresses, dates, times, prices, queue ids.
pub fn ordinary_lines(n: usize) -> Vec<String> {
    let mut r = Lcg(0x005e_ed0f_5a17);
    let mut lines = Vec::with_capacity(n);
    let hosts = ["web01", "db-2", "mx", "api.internal", "cache7"];
    let daemons = [
        "sshd",
        "nginx",
        "kernel",
        "cron",
        "systemd",
        "dovecot",
        "postfix/qmgr",
    ];
    let units = ["EUR", "USD", "GBP", "kB", "MB", "ms", "%"];
    while lines.len() < n {
        let ip = format!(
            "{}.{}.{}.{}",
            r.below(256),
            r.below(256),
            r.below(256),
            r.below(256)
        );
        let ver = format!("{}.{}.{}", r.below(6), r.below(20), r.below(200));
        let date = format!(
            "{}-{:02}-{:02}",
            2000 + r.below(30),
            1 + r.below(12),
            1 + r.below(28)
        );
        let dotted = format!(
            "{}.{:02}.{:02}",
            2000 + r.below(30),
            1 + r.below(12),
            1 + r.below(28)
        );
        let time = format!("{:02}:{:02}:{:02}", r.below(24), r.below(60), r.below(60));
        let price = format!("{}.{:02}", r.below(1000), r.below(100));
        let qid = format!("{:X}", r.next() * 4099 + r.next());
        let num = r.below(1000);
        let line = match r.below(14) {
            0 => format!(
                "{date} {time} {} {}[{}]: Accepted publickey for root from {ip} port {} ssh2",
                r.pick(&hosts),
                r.pick(&daemons),
                r.below(65536),
                r.below(65536)
            ),
            1 => format!("{ip} - - [{date}:{time} +0000] \"GET /v{ver}/items HTTP/1.1\" 200 {num}"),
            2 => format!(
                "Upgraded {} from {ver} to {ver}-{}",
                r.pick(&daemons),
                r.below(9)
            ),
            3 => format!("Total: {price} {} (tax {price})", r.pick(&units)),
            4 => format!("{dotted} release notes for version {ver}"),
            5 => format!("{time} {}: {qid}: removed", r.pick(&daemons)),
            6 => format!("ping {ip}: {num} bytes, time={price} ms"),
            7 => format!("{ver}.{} is the build on {}", r.below(100), r.pick(&hosts)),
            8 => format!("Order #{num}-{} shipped on {dotted}", r.below(10000)),
            9 => format!("{num} items, {price} each, {} in stock", r.below(500)),
            10 => format!(
                "[{date} {time}] worker {} took {price}s (load {}.{})",
                r.below(64),
                r.below(9),
                r.below(99)
            ),
            11 => format!("{ip}/{} via {ip} dev eth0 metric {num}", r.below(33)),
            12 => format!(
                "kernel: [{}.{:06}] EXT4-fs (sda{}): mounted, version {ver}",
                r.below(99999),
                r.below(1_000_000),
                r.below(9)
            ),
            _ => format!("{} {price} {date} {ver} {ip} v{ver} {qid}", r.pick(&units)),
        };
        lines.push(line);
    }
    lines
}
