//! The corpus and one adapter per peer for the reply-parser benchmark.
#![allow(missing_docs)]

/// Replies in the shapes that Gmail, Outlook, Yahoo and Postfix document.
pub const CORPUS: &[&str] = &[
    "220 mx.google.com ESMTP a1si123456qkb.12 - gsmtp\r\n",
    "250-mx.google.com at your service, [203.0.113.5]\r\n250-SIZE 157286400\r\n250-8BITMIME\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SMTPUTF8\r\n",
    "250 2.1.0 OK a1si123456qkb.12 - gsmtp\r\n",
    "250 2.1.5 OK a1si123456qkb.12 - gsmtp\r\n",
    "354  Go ahead a1si123456qkb.12 - gsmtp\r\n",
    "250 2.0.0 OK  1700000000 a1si123456qkb.12 - gsmtp\r\n",
    "550-5.7.26 This mail has been blocked because the sender is\r\n550-5.7.26 unauthenticated. Gmail requires all senders to authenticate\r\n550-5.7.26 with either SPF or DKIM.\r\n550 5.7.26 a1si123456qkb.12 - gsmtp\r\n",
    "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient's email address for typos or\r\n550 5.1.1 unnecessary spaces. a1si123456qkb.12 - gsmtp\r\n",
    "421-4.7.0 [203.0.113.5] Our system has detected an unusual rate of\r\n421-4.7.0 unsolicited mail originating from your IP address.\r\n421 4.7.0 a1si123456qkb.12 - gsmtp\r\n",
    "452 4.2.2 The email account that you tried to reach is over quota.\r\n",
    "550 5.7.606 Access denied, banned sending IP [203.0.113.5]. To request removal from this list please visit https://sender.office.com/\r\n",
    "550 5.4.1 Recipient address rejected: Access denied. [AM0PR01MB1234.eurprd01.prod.outlook.com]\r\n",
    "451 4.7.650 The mail server [203.0.113.5] has been temporarily rate limited due to IP reputation.\r\n",
    "250 2.6.0 <id@example.com> [InternalId=123] Queued mail for delivery\r\n",
    "421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume or user complaints\r\n",
    "554 5.7.9 Message not accepted for policy reasons.\r\n",
    "553 5.7.1 [BL21] Connections will not be accepted from 203.0.113.5, because the ip is in Spamhaus's list\r\n",
    "220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n",
    "250 2.0.0 Ok: queued as 4XYZ12AbCd\r\n",
    "450 4.1.8 <bounce@nowhere.invalid>: Sender address rejected: Domain not found\r\n",
    "554 5.7.1 <client.example.net[203.0.113.9]>: Client host rejected: Access denied\r\n",
    "221 2.0.0 Bye\r\n",
    "550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local recipient table\r\n",
];

/// The bare enhanced codes of the bare-code benchmark.
pub const BARE: &[&str] = &[
    "5.7.26", "5.1.1", "4.7.0", "2.0.0", "5.7.606", "4.2.2", "5.4.1", "2.1.5",
];

/// What the naive baseline returns: reply code, enhanced code, line count.
pub type NaiveReply = (u16, Option<(u8, u16, u16)>, usize);

/// The naive baseline: split into lines, split each on whitespace, parse.
pub fn naive(s: &str) -> Option<NaiveReply> {
    let mut code = None;
    let mut enh = None;
    let mut n = 0;
    for line in s.split("\r\n").filter(|l| !l.is_empty()) {
        n += 1;
        let c: u16 = line.get(..3)?.parse().ok()?;
        code.get_or_insert(c);
        let text = line.get(4..).unwrap_or("");
        if let Some(w) = text.split_whitespace().next() {
            let mut p = w.split('.');
            if let (Some(a), Some(b), Some(c), None) = (p.next(), p.next(), p.next(), p.next())
                && let (Ok(a), Ok(b), Ok(c)) = (a.parse(), b.parse(), c.parse())
            {
                enh.get_or_insert((a, b, c));
            }
        }
    }
    Some((code?, enh, n))
}

/// The naive bare-code parse.
pub fn naive_bare(s: &str) -> Option<(u8, u16, u16)> {
    let mut p = s.split('.');
    let a = p.next()?.parse().ok()?;
    let b = p.next()?.parse().ok()?;
    let c = p.next()?.parse().ok()?;
    Some((a, b, c))
}

pub fn smtp_proto(bytes: &[u8]) -> Option<smtp_proto::Response<String>> {
    smtp_proto::response::parser::ResponseReceiver::default()
        .parse(&mut bytes.iter())
        .ok()
}

pub fn lettre(s: &str) -> Option<lettre::transport::smtp::response::Response> {
    s.parse().ok()
}

pub fn smtp_message(bytes: &[u8]) -> Option<smtp_message::Reply<&str>> {
    match smtp_message::Reply::<&str>::parse(bytes) {
        Ok((_, r)) => Some(r),
        Err(_) => None,
    }
}

pub fn mail_send(bytes: &[u8]) -> Option<smtp_proto::Response<String>> {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    let stream = tokio::io::join(bytes, tokio::io::sink());
    let mut client = mail_send::SmtpClient {
        stream,
        timeout: std::time::Duration::from_secs(1),
    };
    let fut = client.read();
    let mut fut = std::pin::pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(r)) => Some(r),
        _ => None,
    }
}
