//! The byte codecs that links and Worker snapshots share: base64url without padding (RFC 4648
//! §5, URL-safe as it is, so a link stays short) and the FNV-1a hash that fingerprints a run's
//! settings and versions a static file's address. Both are public contracts: links written
//! today must read the same tomorrow, so neither may change.

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The value of a base64url character, or 255: a table, since an LSTM's snapshot is a third
/// of a megabyte decoded on the page's thread for every snapshot it shows.
const BASE64URL_VALUES: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < 64 {
        table[BASE64URL[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// `bytes` as base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut group = [0u8; 3];
        group[..chunk.len()].copy_from_slice(chunk);
        let bits = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        for index in 0..=chunk.len() {
            out.push(char::from(
                BASE64URL[(bits >> (18 - 6 * index)) as usize & 63],
            ));
        }
    }
    out
}

/// The inverse of [`base64url_encode`]; None for any other character or an impossible length.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut bits = 0u32;
        for (index, &c) in chunk.iter().enumerate() {
            let value = BASE64URL_VALUES[usize::from(c)];
            if value == 255 {
                return None;
            }
            bits |= u32::from(value) << (18 - 6 * index);
        }
        out.extend_from_slice(&bits.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

/// FNV-1a, 64 bits: a hash that never changes between Rust versions (unlike the standard
/// library's), for what is written into links and file names.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash: u64, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..10 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 97 + 13) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
        assert_eq!(base64url_decode("a"), None);
        assert_eq!(base64url_decode("ab=c"), None);
    }

    #[test]
    fn fnv1a64_matches_the_published_test_vectors() {
        // From the FNV reference test suite (isthe.com/chongo/src/fnv/test_fnv.c): the offset
        // basis for the empty input, then "a" and "foobar".
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
