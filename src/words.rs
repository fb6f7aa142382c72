//! Small helpers for the texts drplan writes: lists, plurals, percentages, and text taken
//! from a file as an error may show it.

use std::fmt;

/// Writes `items` separated by `sep`, each with `each`.
pub fn list<T>(
    w: &mut dyn fmt::Write,
    sep: &str,
    items: impl IntoIterator<Item = T>,
    mut each: impl FnMut(&mut dyn fmt::Write, T) -> fmt::Result,
) -> fmt::Result {
    for (k, x) in items.into_iter().enumerate() {
        if k > 0 {
            w.write_str(sep)?;
        }
        each(w, x)?;
    }
    Ok(())
}

/// A count with its noun, singular for one: `1 entry point`, `3 entry points`.
pub fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `""` for one, `"s"` for any other count: the plural ending of a noun.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Plain text GitHub shows without turning parts of it into mentions, issue links or links
/// (SARIF messages): a word joiner after `@`, in `://` and `](`, and between `#` and a digit.
pub fn inert(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        let next = chars.peek().copied();
        let join = match (c, next) {
            ('@', Some(_)) => true,
            ('#', Some(d)) => d.is_ascii_digit(),
            (':', Some('/')) => true,
            (']', Some('(')) => true,
            _ => false,
        };
        if join {
            out.push('\u{2060}');
        }
    }
    out
}

/// The most characters of a file's text (a path, a value) that an error repeats.
pub const SHOWN_CHARS: usize = 200;

/// Text taken from a file or a command line (a path, a value) as an error or a log line shows
/// it. Every string in a file is untrusted: a newline followed by `::error ::…` would start a
/// workflow command in a CI log, an escape sequence would rewrite the terminal, and a
/// credential pasted in the wrong place must not reach a log. So control characters and
/// invisible formatting ones (bidirectional overrides, line separators) are written as
/// escapes (`\n`, `\u{1b}`), a word that looks like a credential is replaced by `(hidden)`, and
/// the text is cut after [`SHOWN_CHARS`] characters with `…`.
pub struct Shown<'a>(pub &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = 0;
        let mut rest = self.0;
        while !rest.is_empty() {
            // A word: the longest run of the characters credentials are written in.
            let word_len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
            let (piece, hidden) = if word_len > 0 {
                let word = &rest[..word_len];
                (word, looks_secret(word))
            } else {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                (&rest[..c], false)
            };
            rest = &rest[piece.len()..];
            if hidden {
                f.write_str("(hidden)")?;
                shown += 8;
                continue;
            }
            for c in piece.chars() {
                if shown >= SHOWN_CHARS {
                    return f.write_str("…");
                }
                if is_unsafe(c) {
                    write!(f, "{}", c.escape_default())?;
                } else {
                    write!(f, "{c}")?;
                }
                shown += 1;
            }
        }
        Ok(())
    }
}

/// A message that may hold text from a file, with only its control and invisible formatting
/// characters escaped (as [`Shown`] does, without cutting or hiding): the last guard before a
/// message drplan composed reaches standard error.
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if is_unsafe(c) {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Characters a terminal or a log reads as more than text: controls (C0, DEL, C1), line and
/// paragraph separators, and the invisible marks that reorder or hide text (bidirectional
/// embeddings, overrides and isolates, zero-width characters, the byte order mark).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-')
}

/// Whether a word looks like a credential rather than a name: a known token prefix (AWS access
/// keys, GitHub, GitLab, Slack and OpenAI tokens, a JSON Web Token) or a long random-looking run
/// (an AWS secret key, a base64 secret): upper case, lower case and digits, switching between
/// them at least every third character, where names and paths (`StackOutputs2024`) switch
/// rarely. A false alarm only hides a word.
fn looks_secret(word: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "AKIA",
        "ASIA",
        "ghp_",
        "gho_",
        "ghs_",
        "ghu_",
        "github_pat_",
        "glpat-",
        "xoxb-",
        "xoxp-",
        "sk-",
        "eyJ",
    ];
    let word = word.trim_matches(|c| c == '/' || c == '-');
    if word.len() >= 16 && PREFIXES.iter().any(|p| word.starts_with(p)) {
        return true;
    }
    let class = |b: u8| match b {
        b'A'..=b'Z' => 0,
        b'a'..=b'z' => 1,
        b'0'..=b'9' => 2,
        _ => 3,
    };
    let bytes = word.as_bytes();
    let switches = bytes
        .windows(2)
        .filter(|w| class(w[0]) != class(w[1]))
        .count();
    bytes.len() >= 32
        && bytes.iter().any(u8::is_ascii_uppercase)
        && bytes.iter().any(u8::is_ascii_lowercase)
        && bytes.iter().any(u8::is_ascii_digit)
        && switches * 3 >= bytes.len()
}

/// A percentage to four decimals without trailing zeros (`99.95`, `100`).
pub struct Percent(pub f64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:.4}", self.0);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}

/// `MultiAZEnabled` → `multi_az_enabled`, `DBClusterIdentifier` → `db_cluster_identifier`: a
/// run of capitals is one word, and its last capital starts the next word when a lowercase
/// letter follows.
pub fn snake(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                None => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Percent, SHOWN_CHARS, Shown, inert, snake};

    fn shown(text: &str) -> String {
        Shown(text).to_string()
    }

    #[test]
    fn shown_text_starts_no_line_and_rewrites_no_terminal() {
        let t = shown("v1\n::error file=x::pwned\r\u{1b}[2J\u{202e}\u{0}\u{85}end");
        assert!(!t.chars().any(char::is_control), "{t:?}");
        assert!(!t.contains('\u{202e}'));
        assert_eq!(
            t,
            "v1\\n::error file=x::pwned\\r\\u{1b}[2J\\u{202e}\\u{0}\\u{85}end"
        );
        assert_eq!(
            shown("fixtures/import/café.json"),
            "fixtures/import/café.json"
        );
    }

    #[test]
    fn shown_text_is_cut_and_hides_credentials() {
        let long = "é".repeat(500);
        let t = shown(&long);
        assert_eq!(t.chars().count(), SHOWN_CHARS + 1);
        assert!(t.ends_with('…'));
        for secret in [
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "q8Zr2Lw0XbN5vT1sYk7Jm3Pd9Hf6Ga4Ce",
            "ghp_0123456789abcdefghij0123456789",
        ] {
            let t = shown(&format!("format {secret} here"));
            assert_eq!(t, "format (hidden) here");
        }
        // Names, versions and paths stay as written.
        for plain in [
            "1.2",
            "fixtures/import/tf-plan-shop.json",
            "aws_db_instance.main",
            "infra/StackOutputs2024Production/plan.json",
            "module.OrdersDatabaseClusterPrimary2Region.aws_rds_cluster.this",
        ] {
            assert_eq!(shown(plain), plain);
        }
    }

    #[test]
    fn keys_in_snake_case() {
        assert_eq!(snake("MultiAZ"), "multi_az");
        assert_eq!(snake("MultiAZEnabled"), "multi_az_enabled");
        assert_eq!(snake("DBClusterIdentifier"), "db_cluster_identifier");
        assert_eq!(snake("VPCZoneIdentifier"), "vpc_zone_identifier");
        assert_eq!(snake("BackupRetentionPeriod"), "backup_retention_period");
        assert_eq!(snake("SSESpecification"), "sse_specification");
        assert_eq!(snake("Ipv6CidrBlock"), "ipv6_cidr_block");
        assert_eq!(snake("DNSName"), "dns_name");
    }

    #[test]
    fn inert_text_pings_and_links_nothing() {
        let t = inert("@org/team see [x](https://evil.example) #12");
        assert!(!t.contains("@o") && !t.contains("](") && !t.contains("://") && !t.contains("#1"));
        assert_eq!(
            t.replace('\u{2060}', ""),
            "@org/team see [x](https://evil.example) #12"
        );
    }

    #[test]
    fn percentages_lose_trailing_zeros_only() {
        for (p, text) in [
            (99.95, "99.95"),
            (100.0, "100"),
            (99.0, "99"),
            (99.999_96, "100"),
            (0.0, "0"),
            (12.345_66, "12.3457"),
            (10.5, "10.5"),
        ] {
            assert_eq!(Percent(p).to_string(), text, "{p}");
        }
    }
}
