//! A compact little-endian binary layout, checksummed as it goes: what the
//! index cache is written in.
//!
//! The reader never trusts a length: every one is checked against what is
//! left of the input before anything is allocated, so a truncated or
//! corrupt file ends in an error, never in a huge allocation or a panic.
//! Both sides keep a CRC-32 of every byte that passes, which the file's
//! trailer is checked against.

use std::io::{self, Read, Write};

/// Why bytes could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum Invalid {
    #[error("the file ends early")]
    Truncated,
    #[error("the file is corrupt: {0}")]
    Corrupt(&'static str),
    #[error("{0}")]
    Io(#[from] io::Error),
}

pub type Result<T> = std::result::Result<T, Invalid>;

/// Writes values little-endian, keeping a checksum of what it wrote.
pub struct Writer<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Writer<W> {
    pub fn new(inner: W) -> Self {
        Writer {
            inner,
            crc: crc32fast::Hasher::new(),
        }
    }

    fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.crc.update(bytes);
        self.inner.write_all(bytes)
    }

    pub fn u32(&mut self, v: u32) -> io::Result<()> {
        self.raw(&v.to_le_bytes())
    }

    pub fn u64(&mut self, v: u64) -> io::Result<()> {
        self.raw(&v.to_le_bytes())
    }

    /// A length-prefixed byte string.
    pub fn bytes(&mut self, v: &[u8]) -> io::Result<()> {
        self.u64(v.len() as u64)?;
        self.raw(v)
    }

    pub fn str(&mut self, v: &str) -> io::Result<()> {
        self.bytes(v.as_bytes())
    }

    /// A path, as the platform encodes it.
    pub fn path(&mut self, path: &std::path::Path) -> io::Result<()> {
        self.bytes(path.as_os_str().as_encoded_bytes())
    }

    /// A length-prefixed array of `u32`.
    pub fn u32s(&mut self, v: &[u32]) -> io::Result<()> {
        self.u64(v.len() as u64)?;
        if cfg!(target_endian = "little") {
            self.raw(bytemuck::cast_slice(v))
        } else {
            v.iter().try_for_each(|&x| self.raw(&x.to_le_bytes()))
        }
    }

    /// A length-prefixed array of `u64`.
    pub fn u64s(&mut self, v: &[u64]) -> io::Result<()> {
        self.u64(v.len() as u64)?;
        if cfg!(target_endian = "little") {
            self.raw(bytemuck::cast_slice(v))
        } else {
            v.iter().try_for_each(|&x| self.raw(&x.to_le_bytes()))
        }
    }

    /// The checksum of everything written so far.
    pub fn checksum(&self) -> u32 {
        self.crc.clone().finalize()
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

/// Reads what a [`Writer`] wrote from at most `left` bytes of input.
pub struct Reader<R> {
    inner: R,
    left: u64,
    crc: crc32fast::Hasher,
}

impl<R: Read> Reader<R> {
    pub fn new(inner: R, left: u64) -> Self {
        Reader {
            inner,
            left,
            crc: crc32fast::Hasher::new(),
        }
    }

    /// Takes `n` bytes from the budget, or fails when fewer are left.
    fn claim(&mut self, n: u64) -> Result<()> {
        self.left = self.left.checked_sub(n).ok_or(Invalid::Truncated)?;
        Ok(())
    }

    fn fill(&mut self, buf: &mut [u8]) -> Result<()> {
        self.claim(buf.len() as u64)?;
        self.inner.read_exact(buf).map_err(|e| match e.kind() {
            io::ErrorKind::UnexpectedEof => Invalid::Truncated,
            _ => Invalid::Io(e),
        })?;
        self.crc.update(buf);
        Ok(())
    }

    pub fn u32(&mut self) -> Result<u32> {
        let mut b = [0; 4];
        self.fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    pub fn u64(&mut self) -> Result<u64> {
        let mut b = [0; 8];
        self.fill(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    /// A length prefix of items of `size` bytes, checked against the input left.
    fn len(&mut self, size: u64) -> Result<usize> {
        let n = self.u64()?;
        if n.checked_mul(size).is_none_or(|bytes| bytes > self.left) {
            return Err(Invalid::Truncated);
        }
        usize::try_from(n).map_err(|_| Invalid::Truncated)
    }

    pub fn bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.len(1)?;
        let mut v = vec![0; n];
        self.fill(&mut v)?;
        Ok(v)
    }

    /// A string, its UTF-8 checked.
    pub fn string(&mut self) -> Result<String> {
        let bytes = self.bytes()?;
        // simdutf8 checks a long text many times faster than the standard
        // library; the check is what makes the conversion below sound.
        if simdutf8::basic::from_utf8(&bytes).is_err() {
            return Err(Invalid::Corrupt("text that is not UTF-8"));
        }
        // SAFETY: `bytes` was just checked to be valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    }

    /// A path that [`Writer::path`] wrote.
    pub fn path(&mut self) -> Result<std::path::PathBuf> {
        let bytes = self.bytes()?;
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            Ok(std::ffi::OsString::from_vec(bytes).into())
        }
        // Elsewhere paths are written by this program from real paths, as
        // UTF-8 (WTF-8 at worst): bytes that are not come back lossily.
        #[cfg(not(unix))]
        {
            Ok(String::from_utf8_lossy(&bytes).into_owned().into())
        }
    }

    pub fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.len(4)?;
        let mut v = vec![0u32; n];
        self.fill(bytemuck::cast_slice_mut(&mut v))?;
        v.iter_mut().for_each(|x| *x = u32::from_le(*x));
        Ok(v)
    }

    pub fn u64s(&mut self) -> Result<Vec<u64>> {
        let n = self.len(8)?;
        let mut v = vec![0u64; n];
        self.fill(bytemuck::cast_slice_mut(&mut v))?;
        v.iter_mut().for_each(|x| *x = u64::from_le(*x));
        Ok(v)
    }

    /// The checksum of everything read so far.
    pub fn checksum(&self) -> u32 {
        self.crc.clone().finalize()
    }

    /// The input, after what was read.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Bytes of the budget not read yet.
    pub fn left(&self) -> u64 {
        self.left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written_with_the_same_checksum() {
        let mut w = Writer::new(Vec::new());
        w.u32(7).unwrap();
        w.str("全心全意").unwrap();
        w.u32s(&[1, u32::MAX]).unwrap();
        w.u64s(&[u64::MAX, 0]).unwrap();
        let sum = w.checksum();
        let bytes = w.into_inner();
        let mut r = Reader::new(&bytes[..], bytes.len() as u64);
        assert_eq!(r.u32().unwrap(), 7);
        assert_eq!(r.string().unwrap(), "全心全意");
        assert_eq!(r.u32s().unwrap(), [1, u32::MAX]);
        assert_eq!(r.u64s().unwrap(), [u64::MAX, 0]);
        assert_eq!(r.checksum(), sum);
        assert_eq!(r.left(), 0);
    }

    #[test]
    fn lengths_past_the_input_are_refused_before_allocating() {
        let mut w = Writer::new(Vec::new());
        w.u64(u64::MAX / 2).unwrap();
        let bytes = w.into_inner();
        let mut r = Reader::new(&bytes[..], bytes.len() as u64);
        assert!(matches!(r.u32s(), Err(Invalid::Truncated)));
    }

    #[test]
    fn text_that_is_not_utf8_is_refused() {
        let mut w = Writer::new(Vec::new());
        w.bytes(&[0xe5, 0x85]).unwrap();
        let bytes = w.into_inner();
        let mut r = Reader::new(&bytes[..], bytes.len() as u64);
        assert!(matches!(r.string(), Err(Invalid::Corrupt(_))));
    }
}
