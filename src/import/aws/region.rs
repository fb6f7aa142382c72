//! Where AWS resources are: the region in an ARN, a zone's region, a region name in a text.

/// The region in an ARN (`arn:aws:rds:us-east-1:…`), when it has one.
pub fn arn_region(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    (parts.next()? == "arn").then_some(())?;
    let (_partition, _service, region) = (parts.next()?, parts.next()?, parts.next()?);
    (!region.is_empty()).then_some(region)
}

/// What an ARN names: its service, region and last part
/// (`arn:aws:rds:us-east-1:111122223333:db:orders` → `rds`, `us-east-1`, `orders`).
pub fn arn_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let region = arn_region(arn)?;
    let service = arn.split(':').nth(2)?;
    let name = arn.rsplit(['/', ':']).next()?;
    Some((service, region, name))
}

/// The region of an availability zone name (`us-east-1a` → `us-east-1`).
pub fn zone_region(zone: &str) -> Option<&str> {
    let trimmed = zone.trim_end_matches(|c: char| c.is_ascii_lowercase());
    (trimmed.len() < zone.len() && trimmed.ends_with(|c: char| c.is_ascii_digit()))
        .then_some(trimmed)
}

/// A region name inside a text (`us-east-1`, `eu-central-2`, `us-gov-west-1`): its start and
/// length, at character boundaries.
pub fn find_region(text: &str) -> Option<(usize, usize)> {
    for (at, _) in text.char_indices() {
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            continue;
        }
        let rest = &text[at..];
        let mut parts = rest.splitn(4, '-');
        let (Some(a), Some(b), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (b, c, extra) = if b == "gov" || b == "iso" || b == "isob" {
            let Some(d) = parts.next() else { continue };
            (c, d, b.len() + 1)
        } else {
            (b, c, 0)
        };
        let digits = c.bytes().take_while(u8::is_ascii_digit).count();
        if a.len() == 2
            && a.bytes().all(|x| x.is_ascii_lowercase())
            && b.len() >= 4
            && b.bytes().all(|x| x.is_ascii_lowercase())
            && digits >= 1
        {
            return Some((at, a.len() + 1 + extra + b.len() + 1 + digits));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_arns_zones_and_texts() {
        assert_eq!(
            arn_region("arn:aws:rds:us-east-1:111122223333:db:orders"),
            Some("us-east-1")
        );
        assert_eq!(arn_region("arn:aws:s3:::assets"), None);
        assert_eq!(arn_region("orders"), None);
        assert_eq!(zone_region("us-east-1a"), Some("us-east-1"));
        assert_eq!(zone_region("eu-west-3c"), Some("eu-west-3"));
        assert_eq!(zone_region("us-east-1"), None);
        assert_eq!(find_region("app.us-west-2.web"), Some((4, 9)));
        assert_eq!(find_region("café-us-gov-west-1"), Some((6, 13)));
        assert_eq!(find_region("useast"), None);
    }
}
