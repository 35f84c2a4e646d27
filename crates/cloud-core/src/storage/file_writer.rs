//! Writing a downloaded (or uploaded) byte stream into a file without a hand-off to
//! the blocking pool for every chunk.
//!
//! Network chunks are often a few KiB each. Writing each one through `tokio::fs`
//! costs a thread wake-up and a copy per chunk; a 1 GiB download from a server that
//! sends 20 KiB chunks made about 50,000 of them. [`FileWriter`] gathers chunks into
//! batches of [`BATCH_BYTES`], writes each batch with vectored writes on the blocking
//! pool, and gathers the next batch while the previous one is written. Memory stays
//! at about two batches, whatever the file size.
//!
//! The file is synced to disk when the writer finishes. So that this last sync does
//! not have the whole file left to write out, a sync of the data already written is
//! started in the background after every [`SYNC_AHEAD_BYTES`] (one at a time; the
//! writes go on meanwhile).

use std::fs::File;
use std::io::{self, IoSlice, Write};
use std::sync::Arc;

use bytes::Bytes;
use tokio::task::JoinHandle;

/// Bytes gathered before they are handed to the blocking pool as one write: few
/// hand-offs, yet small enough that the bytes are still in the CPU's cache when the
/// kernel copies them into the file (with 1 MiB batches, that copy took most of a
/// 1 GiB download's CPU time).
pub const BATCH_BYTES: usize = 256 * 1024;

/// Bytes written between two background syncs of the data written so far.
pub const SYNC_AHEAD_BYTES: u64 = 64 * 1024 * 1024;

/// Writes chunks into a file in batches; see the module documentation.
///
/// Call [`FileWriter::finish`] to write the last batch and sync the file. Dropping
/// the writer instead leaves any batch still being written to finish on its own.
#[derive(Debug)]
pub struct FileWriter {
    file: Arc<File>,
    batch: Vec<Bytes>,
    batched: usize,
    writing: Option<JoinHandle<io::Result<()>>>,
    unsynced: u64,
    syncing: Option<JoinHandle<io::Result<()>>>,
}

impl FileWriter {
    /// A writer appending at `file`'s current position.
    pub fn new(file: File) -> Self {
        FileWriter {
            file: Arc::new(file),
            batch: Vec::new(),
            batched: 0,
            writing: None,
            unsynced: 0,
            syncing: None,
        }
    }

    /// Adds `chunk`; once a batch is full, waits for the previous batch's write and
    /// starts this one's. An error is the first write error met.
    pub async fn write(&mut self, chunk: Bytes) -> io::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        self.batched += chunk.len();
        self.batch.push(chunk);
        if self.batched >= BATCH_BYTES {
            self.start_batch().await?;
        }
        Ok(())
    }

    /// Writes what is left, then syncs the file's data and metadata to disk. An error
    /// is the first write or sync error met.
    pub async fn finish(mut self) -> io::Result<()> {
        self.start_batch().await?;
        self.wait().await?;
        if let Some(sync) = self.syncing.take() {
            joined(sync.await)?;
        }
        let file = Arc::clone(&self.file);
        joined(tokio::task::spawn_blocking(move || file.sync_all()).await)
    }

    /// Waits for the batch being written, then hands the gathered one to the
    /// blocking pool.
    async fn start_batch(&mut self) -> io::Result<()> {
        self.wait().await?;
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        self.unsynced += self.batched as u64;
        self.batched = 0;
        let file = Arc::clone(&self.file);
        self.writing = Some(tokio::task::spawn_blocking(move || {
            write_all_vectored(&file, &batch)
        }));
        self.sync_ahead().await
    }

    /// Starts a background sync of the data written so far once [`SYNC_AHEAD_BYTES`]
    /// were written since the last one started, unless one is still running.
    async fn sync_ahead(&mut self) -> io::Result<()> {
        if self.unsynced < SYNC_AHEAD_BYTES {
            return Ok(());
        }
        if let Some(sync) = self.syncing.take_if(|s| s.is_finished()) {
            joined(sync.await)?;
        }
        if self.syncing.is_none() {
            self.unsynced = 0;
            let file = Arc::clone(&self.file);
            self.syncing = Some(tokio::task::spawn_blocking(move || file.sync_data()));
        }
        Ok(())
    }

    /// Waits for the batch being written, if any.
    async fn wait(&mut self) -> io::Result<()> {
        match self.writing.take() {
            Some(handle) => joined(handle.await),
            None => Ok(()),
        }
    }
}

/// The result of a blocking write task; a task that panicked or was cancelled is an
/// I/O error.
fn joined(done: Result<io::Result<()>, tokio::task::JoinError>) -> io::Result<()> {
    done.map_err(|e| io::Error::other(format!("the file write task failed: {e}")))?
}

/// Writes every byte of `chunks`, in order, with as few system calls as the OS
/// allows.
fn write_all_vectored(mut file: &File, chunks: &[Bytes]) -> io::Result<()> {
    let mut slices: Vec<IoSlice<'_>> = chunks.iter().map(|c| IoSlice::new(c)).collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match file.write_vectored(rest) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "the file accepted no more bytes",
                ));
            }
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks of uneven sizes (some empty, some larger than a batch) covering `data`.
    fn uneven_chunks(data: &[u8]) -> Vec<Bytes> {
        let sizes = [0usize, 1, 4096, 0, 20_000, BATCH_BYTES + 7, 3, 65_536];
        let mut chunks = Vec::new();
        let mut at = 0;
        for size in sizes.iter().cycle() {
            if at >= data.len() {
                break;
            }
            let end = (at + size).min(data.len());
            chunks.push(Bytes::copy_from_slice(&data[at..end]));
            at = end;
        }
        chunks
    }

    #[tokio::test]
    async fn every_chunk_lands_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let data: Vec<u8> = (0..BATCH_BYTES * 3 + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        let mut writer = FileWriter::new(File::create(&path).unwrap());
        for chunk in uneven_chunks(&data) {
            writer.write(chunk).await.unwrap();
        }
        writer.finish().await.unwrap();
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written.len(), data.len());
        assert!(written == data, "the file holds the chunks in order");
    }

    #[tokio::test]
    async fn many_small_chunks_fill_one_batch_after_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let mut writer = FileWriter::new(File::create(&path).unwrap());
        let mut expected = Vec::new();
        for i in 0..5_000u32 {
            let chunk = Bytes::from(vec![(i % 256) as u8; 700]);
            expected.extend_from_slice(&chunk);
            writer.write(chunk).await.unwrap();
        }
        writer.finish().await.unwrap();
        assert!(std::fs::read(&path).unwrap() == expected);
    }

    #[tokio::test]
    async fn a_file_that_cannot_be_written_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.bin");
        std::fs::write(&path, b"old").unwrap();
        let read_only = File::open(&path).unwrap();
        let mut writer = FileWriter::new(read_only);
        let mut failed = None;
        for _ in 0..3 {
            if let Err(e) = writer.write(Bytes::from(vec![1u8; BATCH_BYTES])).await {
                failed = Some(e);
                break;
            }
        }
        let err = match failed {
            Some(e) => e,
            None => writer.finish().await.unwrap_err(),
        };
        assert_ne!(err.kind(), io::ErrorKind::Other, "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
    }

    #[tokio::test]
    async fn a_file_synced_ahead_while_written_holds_every_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let mut writer = FileWriter::new(File::create(&path).unwrap());
        let chunk_len = 1024 * 1024;
        let chunks = (2 * SYNC_AHEAD_BYTES as usize) / chunk_len + 3;
        for i in 0..chunks {
            writer
                .write(Bytes::from(vec![(i % 256) as u8; chunk_len]))
                .await
                .unwrap();
        }
        writer.finish().await.unwrap();
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written.len(), chunks * chunk_len);
        for (i, block) in written.chunks(chunk_len).enumerate() {
            assert!(block.iter().all(|&b| b == (i % 256) as u8), "block {i}");
        }
    }

    #[tokio::test]
    async fn an_empty_stream_makes_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.bin");
        let mut writer = FileWriter::new(File::create(&path).unwrap());
        writer.write(Bytes::new()).await.unwrap();
        writer.finish().await.unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    }
}
