//! Parts read straight from a local file: each part task reads its own byte range on
//! the blocking pool and hashes it in the same pass, so a file upload copies every byte
//! once, and one part is read while others are being sent.

use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use cloud_core::{Error, ErrorKind, Result};

use super::digests::{BodyDigests, Digester};
use super::lock::lock;
use crate::settings::UploadChecksum;

/// Buffers for part and piece bytes, each coming back when the last [`Bytes`] made
/// from it is dropped, for a later part or piece to read into. The memory is touched
/// once (fresh memory costs a page fault per 4 KiB: about a third of an upload's CPU
/// when every piece got new memory), and there are never more buffers than were in
/// flight at once.
#[derive(Debug, Default)]
struct BufferPool {
    free: Mutex<Vec<Vec<u8>>>,
}

impl BufferPool {
    /// A buffer of `len` bytes to read into: a returned one when it is large enough
    /// (its old bytes are overwritten), else a new zeroed one.
    fn take(&self, len: usize) -> Vec<u8> {
        let reused = {
            let mut free = lock(&self.free);
            free.iter()
                .position(|b| b.capacity() >= len)
                .map(|i| free.swap_remove(i))
        };
        match reused {
            Some(mut buf) => {
                buf.resize(len, 0);
                buf
            }
            None => vec![0; len],
        }
    }

    /// `buf` as shareable bytes whose memory returns to the pool once dropped.
    fn share(self: &Arc<Self>, buf: Vec<u8>) -> Bytes {
        Bytes::from_owner(Pooled {
            buf,
            pool: Arc::clone(self),
        })
    }
}

/// A pool buffer lent out as [`Bytes`].
struct Pooled {
    buf: Vec<u8>,
    pool: Arc<BufferPool>,
}

impl AsRef<[u8]> for Pooled {
    fn as_ref(&self) -> &[u8] {
        &self.buf
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        lock(&self.pool.free).push(buf);
    }
}

/// A local file to upload, open, with the size it had when opened.
#[derive(Debug, Clone)]
pub(crate) struct LocalFile {
    file: Arc<File>,
    shown: Arc<str>,
    size: u64,
    buffers: Arc<BufferPool>,
}

impl LocalFile {
    /// Opens `path` (on the blocking pool) and reads its size.
    pub async fn open(path: &Path) -> Result<Self> {
        let owned = path.to_path_buf();
        let shown: Arc<str> = path.display().to_string().into();
        let opened = tokio::task::spawn_blocking(move || {
            let file = File::open(&owned)?;
            let size = file.metadata()?.len();
            Ok::<_, io::Error>((file, size))
        })
        .await
        .map_err(|e| Error::new(ErrorKind::Io, format!("open {shown}: {e}")))?;
        let (file, size) = opened.map_err(|e| Error::io(format!("open {shown}"), e))?;
        Ok(LocalFile {
            file: Arc::new(file),
            shown,
            size,
            buffers: Arc::default(),
        })
    }

    /// Bytes in the file when it was opened: what is uploaded.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The bytes from `offset`, `len` of them.
    pub fn range(&self, offset: u64, len: usize) -> FileRange {
        FileRange {
            file: self.clone(),
            offset,
            len,
        }
    }
}

/// One range of a [`LocalFile`], read when its upload starts.
#[derive(Debug, Clone)]
pub(crate) struct FileRange {
    file: LocalFile,
    offset: u64,
    len: usize,
}

impl FileRange {
    /// Reads the range and computes its digests, in one pass on the blocking pool. A
    /// file that shrank since it was opened is an `Io` error.
    pub async fn load(
        &self,
        checksum: UploadChecksum,
        signed: bool,
    ) -> Result<(Bytes, BodyDigests)> {
        let shown = self.file.shown.clone();
        // Taken here, on the runtime's thread, and freed there: a buffer allocated on
        // a blocking thread would land in that thread's allocator arena, which keeps
        // freed memory around, and memory would grow with the pool's threads.
        let mut buf = self.file.buffers.take(self.len);
        let range = self.clone();
        let work = move || -> Result<(Vec<u8>, BodyDigests)> {
            let mut digester = Digester::new(checksum, signed);
            for (i, piece) in buf.chunks_mut(READ_PIECE).enumerate() {
                range
                    .read_piece(i * READ_PIECE, piece)
                    .map_err(|e| range.read_error(e))?;
                digester.update(piece);
            }
            Ok((buf, digester.finish()))
        };
        let (buf, digests) = tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| Error::new(ErrorKind::Io, format!("read {shown}: {e}")))??;
        Ok((self.file.buffers.share(buf), digests))
    }

    /// Bytes in the range.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Fills `buf` with the range's bytes from `at` (blocking). A file too short to
    /// fill it (it shrank) is an `UnexpectedEof` error.
    pub fn read_piece(&self, at: usize, buf: &mut [u8]) -> io::Result<()> {
        read_exact_at(&self.file.file, buf, self.offset + at as u64)
    }

    /// Reads what of `buf` the page cache already holds, from `at` in the range,
    /// without ever waiting for the disk (so it may run on the runtime's thread).
    /// Returns the bytes read: `buf.len()` when all were cached, fewer (maybe 0) when
    /// the rest must be read with [`FileRange::read_piece`], which also reports any
    /// error this met.
    pub fn read_cached(&self, at: usize, buf: &mut [u8]) -> usize {
        read_cached_at(&self.file.file, buf, self.offset + at as u64)
    }

    /// The error for a failed read of the file.
    pub fn read_error(&self, e: io::Error) -> Error {
        let what = if e.kind() == io::ErrorKind::UnexpectedEof {
            format!(
                "{} became shorter while it was being uploaded",
                self.file.shown
            )
        } else {
            format!("read {}", self.file.shown)
        };
        Error::io(what, e)
    }

    /// A pool buffer of `len` bytes to read pieces into (see [`FileRange::share`]).
    pub fn buffer(&self, len: usize) -> Vec<u8> {
        self.file.buffers.take(len)
    }

    /// `buf` (from [`FileRange::buffer`]) as bytes to send; its memory goes back to
    /// the file's pool once they are dropped.
    pub fn share(&self, buf: Vec<u8>) -> Bytes {
        self.file.buffers.share(buf)
    }
}

/// Fills `buf` from `offset` of `file` without moving a shared file position, so
/// parts read at once do not wait for each other. A file too short is an
/// `UnexpectedEof` error.
#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fills `buf` from `offset` of `file`; see the Unix version.
#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::UnexpectedEof)),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Fills what it can of `buf` from `offset` with `RWF_NOWAIT` reads, which return
/// at once when the bytes are not in the page cache.
#[cfg(target_os = "linux")]
fn read_cached_at(file: &File, buf: &mut [u8], offset: u64) -> usize {
    use rustix::io::{ReadWriteFlags, preadv2};
    let mut filled = 0;
    while filled < buf.len() {
        let mut slice = [io::IoSliceMut::new(&mut buf[filled..])];
        match preadv2(
            file,
            &mut slice,
            offset + filled as u64,
            ReadWriteFlags::NOWAIT,
        ) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    filled
}

/// Reads nothing: without `RWF_NOWAIT`, every read goes to the blocking pool.
#[cfg(not(target_os = "linux"))]
fn read_cached_at(_file: &File, _buf: &mut [u8], _offset: u64) -> usize {
    0
}

/// Bytes read, then hashed, at a time: small enough to still be in the CPU's cache
/// when hashed.
const READ_PIECE: usize = 256 * 1024;

/// A file cut into parts of a fixed size (the last may be shorter).
#[derive(Debug)]
pub(crate) struct FileParts {
    file: LocalFile,
    part_size: u64,
    next_offset: u64,
}

impl FileParts {
    /// `file` in parts of `part_size` bytes.
    pub fn new(file: LocalFile, part_size: u64) -> Self {
        FileParts {
            file,
            part_size: part_size.max(1),
            next_offset: 0,
        }
    }

    /// The next part's range; `None` after the last.
    pub fn next_range(&mut self) -> Option<FileRange> {
        let left = self.file.size.saturating_sub(self.next_offset);
        if left == 0 {
            return None;
        }
        let len = left.min(self.part_size);
        let range = self
            .file
            .range(self.next_offset, usize::try_from(len).unwrap_or(usize::MAX));
        self.next_offset += len;
        Some(range)
    }

    /// Bytes handed out so far.
    pub fn total(&self) -> u64 {
        self.next_offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    async fn file_with(data: &[u8]) -> (tempfile::TempDir, LocalFile) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        std::fs::write(&path, data).unwrap();
        let file = LocalFile::open(&path).await.unwrap();
        (dir, file)
    }

    #[tokio::test]
    async fn parts_cover_the_file_in_order() {
        let data: Vec<u8> = (0..10u8).collect();
        let (_dir, file) = file_with(&data).await;
        let mut parts = FileParts::new(file, 4);
        let mut got = Vec::new();
        while let Some(range) = parts.next_range() {
            let (bytes, digests) = range.load(UploadChecksum::Crc32c, false).await.unwrap();
            assert_eq!(digests.checksum, UploadChecksum::Crc32c.header(&bytes));
            got.push(bytes.to_vec());
        }
        assert_eq!(got, [vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]]);
        assert_eq!(parts.total(), 10);
    }

    #[tokio::test]
    async fn part_buffers_are_reused_once_dropped() {
        let (_dir, file) = file_with(&[3u8; 64]).await;
        let (first, _) = file
            .range(0, 32)
            .load(UploadChecksum::Crc32c, false)
            .await
            .unwrap();
        let address = first.as_ptr();
        drop(first);
        let (again, _) = file
            .range(32, 32)
            .load(UploadChecksum::Crc32c, false)
            .await
            .unwrap();
        assert_eq!(again.as_ptr(), address, "the returned buffer is read into");
        assert_eq!(&again[..], &[3u8; 32][..]);
        let held = again.clone();
        drop(again);
        let (fresh, _) = file
            .range(0, 32)
            .load(UploadChecksum::Crc32c, false)
            .await
            .unwrap();
        assert_ne!(
            fresh.as_ptr(),
            held.as_ptr(),
            "bytes still held elsewhere are not reused"
        );
        assert_eq!(&held[..], &[3u8; 32][..], "held bytes are left untouched");
    }

    #[test]
    fn piece_buffers_come_back_to_the_pool() {
        let pool = Arc::new(BufferPool::default());
        let mut buf = pool.take(16);
        buf.copy_from_slice(&[7u8; 16]);
        let address = buf.as_ptr();
        let shared = pool.share(buf);
        let slice = shared.slice(4..8);
        drop(shared);
        assert!(
            lock(&pool.free).is_empty(),
            "a slice still holds the buffer"
        );
        assert_eq!(&slice[..], &[7u8; 4][..]);
        drop(slice);
        let again = pool.take(8);
        assert_eq!(again.as_ptr(), address);
        assert_eq!(again.len(), 8);
        let other = pool.take(8);
        assert_ne!(other.as_ptr(), address, "one buffer is lent once");
    }

    #[tokio::test]
    async fn cached_reads_give_only_bytes_of_the_range() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let (_dir, file) = file_with(&data).await;
        let mut buf = vec![0u8; 5_000];
        let n = file.range(100, 5_000).read_cached(0, &mut buf);
        if n == 0 {
            // Not Linux, or a file system without RWF_NOWAIT reads: every piece goes
            // through `read_piece`, which the other tests cover.
            return;
        }
        assert_eq!(n, 5_000, "a file just written is in the page cache");
        assert!(buf == data[100..5_100], "the bytes are the range's");
        let mut past_end = vec![0u8; 2_000];
        let n = file.range(9_000, 2_000).read_cached(0, &mut past_end);
        assert_eq!(n, 1_000, "reading stops at the end of the file");
        assert!(past_end[..n] == data[9_000..]);
    }

    #[tokio::test]
    async fn a_file_that_shrank_is_an_io_error() {
        let (dir, file) = file_with(&[1u8; 100]).await;
        std::fs::write(dir.path().join("f.bin"), [1u8; 10]).unwrap();
        let err = file
            .range(0, 100)
            .load(UploadChecksum::Md5, true)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Io);
        assert!(err.to_string().contains("became shorter"), "{err}");
    }

    #[tokio::test]
    async fn a_missing_file_is_not_found_naming_it() {
        let err = LocalFile::open(Path::new("/nonexistent/dir/x.bin"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(err.to_string().contains("/nonexistent/dir/x.bin"), "{err}");
    }
}
