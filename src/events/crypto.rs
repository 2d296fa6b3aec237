//! Decryption of `{"encrypt": ...}` bodies and the request signature, with RustCrypto
//! (`aes`, `cbc`, `sha2`), `base64` and `subtle`: no hand-written crypto.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The AES-256 key of an encrypt key: its SHA-256.
pub(crate) fn aes_key(encrypt_key: &str) -> [u8; 32] {
    Sha256::digest(encrypt_key.as_bytes()).into()
}

/// Decrypts an `encrypt` value: base64 of IV (16 bytes) + AES-256-CBC ciphertext, PKCS#7
/// padded. `None` when the base64, the length or the padding is wrong.
pub(crate) fn decrypt(key: &[u8; 32], encrypted: &str) -> Option<Vec<u8>> {
    let data = base64::engine::general_purpose::STANDARD
        .decode(encrypted.trim())
        .ok()?;
    if data.len() < 32 || data.len() % 16 != 0 {
        return None;
    }
    let (iv, ciphertext) = data.split_at(16);
    cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
        .ok()?
        .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
        .ok()
}

/// Whether `signature` (hex) is SHA-256(timestamp + nonce + encrypt key + raw body),
/// compared in constant time.
pub(crate) fn signature_matches(
    timestamp: &str,
    nonce: &str,
    encrypt_key: &str,
    body: &[u8],
    signature: &str,
) -> bool {
    let mut h = Sha256::new();
    h.update(timestamp.as_bytes());
    h.update(nonce.as_bytes());
    h.update(encrypt_key.as_bytes());
    h.update(body);
    let expected = hex(&h.finalize());
    // Hex is case-insensitive; Feishu sends lower case.
    let given = signature.trim().to_ascii_lowercase();
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decrypts_the_documented_example() {
        // Feishu's event-encryption docs: key "test key", plaintext "hello world".
        let key = aes_key("test key");
        let plain = decrypt(&key, "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=");
        assert_eq!(plain.as_deref(), Some(&b"hello world"[..]));
    }

    #[test]
    fn rejects_malformed_ciphertexts() {
        let key = aes_key("k");
        assert_eq!(decrypt(&key, "not base64!"), None);
        assert_eq!(decrypt(&key, "AAAA"), None);
        // 32 zero bytes: a block that does not decrypt to valid padding (overwhelmingly likely).
        let zeros = base64::engine::general_purpose::STANDARD.encode([0u8; 33]);
        assert_eq!(decrypt(&key, &zeros), None);
    }

    #[test]
    fn signature_is_sha256_hex_of_the_concatenation() {
        // printf '%s' '1700000000nonceKEY{"a":1}' | sha256sum
        let right = "2d4a52a42d5ef04bae6191477d1f1f1b9b43ee2689edf87078c21987025d078d";
        let body = br#"{"a":1}"#;
        assert!(signature_matches("1700000000", "nonce", "KEY", body, right));
        assert!(signature_matches(
            "1700000000",
            "nonce",
            "KEY",
            body,
            &right.to_uppercase()
        ));
        assert!(!signature_matches(
            "1700000000",
            "nonce",
            "KEY",
            br#"{"a":2}"#,
            right
        ));
        assert!(!signature_matches(
            "1700000000",
            "nonce",
            "KEY",
            body,
            &right[1..]
        ));
        assert!(!signature_matches(
            "1700000001",
            "nonce",
            "KEY",
            body,
            right
        ));
    }
}
