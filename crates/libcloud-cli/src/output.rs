//! Printing results: aligned tables or JSON, lists streamed from the driver.

use std::io::{self, Write};

use futures::{Stream, StreamExt};
use libcloud::{Error, ErrorKind, Result};
use serde::Serialize;

use crate::cli::OutputFormat;

/// A value that can be printed as a table row.
pub trait Tabular: Serialize {
    /// Column titles.
    const HEADERS: &'static [&'static str];
    /// The cells of this value's row, one per header.
    fn row(&self) -> Vec<String>;
}

/// Prints results to a writer (stdout in the binary) in the chosen format.
pub struct Printer<W: Write> {
    format: OutputFormat,
    out: W,
    /// JSON items of a list, gathered before they are written to `out`: serializing
    /// into a `Vec` costs less than the many small writes serde makes.
    pending: Vec<u8>,
}

/// Bytes gathered before a write to stdout: large lists (tens of MiB of JSON) then take
/// a few hundred writes rather than thousands.
const STDOUT_BUFFER: usize = 64 * 1024;

impl Printer<io::BufWriter<io::Stdout>> {
    /// A printer on stdout.
    pub fn stdout(format: OutputFormat) -> Self {
        Printer::new(
            format,
            io::BufWriter::with_capacity(STDOUT_BUFFER, io::stdout()),
        )
    }
}

impl<W: Write> Printer<W> {
    /// A printer on `out`.
    pub fn new(format: OutputFormat, out: W) -> Self {
        Printer {
            format,
            out,
            pending: Vec::new(),
        }
    }

    /// The chosen format.
    pub fn format(&self) -> OutputFormat {
        self.format
    }

    /// Prints every item of a list as it arrives.
    ///
    /// JSON is written incrementally: `[`, the items separated by commas, `]`; only one
    /// item is held at a time (and at most 64 KiB of the text of those before it). The
    /// `[` waits for the first item, so a list that fails at once prints nothing; one
    /// that fails half way is left unclosed, so a consumer cannot mistake a partial
    /// list for a whole one. A table
    /// needs every row to align its columns, so it keeps the rows' text (not the items)
    /// until the end.
    pub async fn list<T, S>(&mut self, items: S) -> Result<()>
    where
        T: Tabular,
        S: Stream<Item = Result<T>>,
    {
        match self.format {
            OutputFormat::Json => {
                self.json_list(items, |out, item| {
                    serde_json::to_writer(out, &item).map_err(json_error)
                })
                .await?;
            }
            OutputFormat::Table => {
                let mut items = std::pin::pin!(items);
                let mut rows = Vec::new();
                while let Some(item) = items.next().await {
                    rows.push(item?.row());
                }
                let text = render_table(T::HEADERS, &rows);
                self.write(text.as_bytes())?;
            }
        }
        self.flush()
    }

    /// Prints a list of items already written as JSON (each one JSON value), as
    /// [`Printer::list`] prints a list in JSON.
    pub async fn list_of_json<T, S>(&mut self, items: S) -> Result<()>
    where
        T: AsRef<[u8]>,
        S: Stream<Item = Result<T>>,
    {
        self.json_list(items, |out, item| {
            out.extend_from_slice(item.as_ref());
            Ok(())
        })
        .await?;
        self.flush()
    }

    /// Writes a JSON list incrementally, each item by `write`: `[`, the items
    /// separated by commas, `]`. The `[` waits for the first item, so a list that fails
    /// at once prints nothing; one that fails half way is printed up to the failure and
    /// left unclosed.
    async fn json_list<T, S>(
        &mut self,
        items: S,
        mut write: impl FnMut(&mut Vec<u8>, T) -> Result<()>,
    ) -> Result<()>
    where
        S: Stream<Item = Result<T>>,
    {
        let mut items = std::pin::pin!(items);
        let mut first = true;
        while let Some(item) = items.next().await {
            let item = match item {
                Ok(item) => item,
                Err(err) => {
                    // What was listed before the failure is printed, unclosed.
                    self.write_pending()?;
                    return Err(err);
                }
            };
            self.pending
                .extend_from_slice(if first { b"[\n  " } else { b",\n  " });
            first = false;
            write(&mut self.pending, item)?;
            if self.pending.len() >= STDOUT_BUFFER {
                self.write_pending()?;
            }
        }
        self.pending
            .extend_from_slice(if first { b"[]\n" } else { b"\n]\n" });
        self.write_pending()
    }

    /// Prints one item: a one-row table or a JSON object.
    pub fn item<T: Tabular>(&mut self, item: &T) -> Result<()> {
        match self.format {
            OutputFormat::Json => {
                let json = to_json_pretty(item)?;
                self.write(json.as_bytes())?;
                self.write(b"\n")?;
            }
            OutputFormat::Table => {
                let text = render_table(T::HEADERS, &[item.row()]);
                self.write(text.as_bytes())?;
            }
        }
        self.flush()
    }

    /// Prints an arbitrary JSON value, pretty.
    pub fn json_value(&mut self, value: &serde_json::Value) -> Result<()> {
        let json = to_json_pretty(value)?;
        self.write(json.as_bytes())?;
        self.write(b"\n")?;
        self.flush()
    }

    /// Reports a finished action without a result, such as `destroy_node`: a short line
    /// in table mode, `{"action": …, "id": …, "ok": true}` in JSON mode.
    pub fn done(&mut self, action: &str, id: &str) -> Result<()> {
        match self.format {
            OutputFormat::Json => self.json_value(&serde_json::json!({
                "action": action,
                "id": id,
                "ok": true,
            })),
            OutputFormat::Table => self.line(&format!("{action} {id}: ok")),
        }
    }

    /// Prints one line of text as is.
    pub fn line(&mut self, text: &str) -> Result<()> {
        self.write(text.as_bytes())?;
        self.write(b"\n")?;
        self.flush()
    }

    /// Prints bytes as they are.
    pub fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.write(bytes)?;
        self.flush()
    }

    /// Writes the gathered JSON out, keeping the buffer's memory.
    fn write_pending(&mut self) -> Result<()> {
        let result = self.out.write_all(&self.pending).map_err(stdout_error);
        self.pending.clear();
        result
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(stdout_error)
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(stdout_error)
    }
}

/// The operation name given to errors writing the output.
const WRITE_OUTPUT: &str = "write output";

fn stdout_error(err: io::Error) -> Error {
    Error::io("cannot write output", err).with_operation(WRITE_OUTPUT)
}

/// Whether `err` is the reader of our output going away (`libcloud … | head`): not worth
/// an error message.
pub fn is_broken_pipe(err: &Error) -> bool {
    err.operation() == Some(WRITE_OUTPUT)
        && std::error::Error::source(err)
            .and_then(|s| s.downcast_ref::<io::Error>())
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn to_json_pretty<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value).map_err(json_error)
}

fn json_error(err: serde_json::Error) -> Error {
    Error::new(ErrorKind::Io, format!("cannot encode JSON: {err}"))
}

/// Lays out rows under headers in columns two spaces apart; the last column is not
/// padded. Empty cells print as `-`.
pub fn render_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |s: &str| -> String {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.replace(['\n', '\r', '\t'], " ")
        }
    };
    let header: Vec<String> = headers.iter().map(|h| h.to_uppercase()).collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (i, c) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(body.iter()) {
        let last = row.len().saturating_sub(1);
        for (i, c) in row.iter().enumerate() {
            out.push_str(c);
            if i < last {
                let pad = widths.get(i).copied().unwrap_or(0) - c.chars().count();
                out.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        out.push('\n');
    }
    out
}

/// A cell for an optional value.
pub fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// A cell for a list of strings.
pub fn joined(values: &[String]) -> String {
    values.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        id: String,
        size: Option<u64>,
    }

    impl Tabular for Item {
        const HEADERS: &'static [&'static str] = &["id", "size"];
        fn row(&self) -> Vec<String> {
            vec![self.id.clone(), opt(&self.size)]
        }
    }

    fn items(n: usize) -> Vec<Result<Item>> {
        (0..n)
            .map(|i| {
                Ok(Item {
                    id: format!("item-{i}"),
                    size: (i % 2 == 0).then_some(i as u64 * 1000),
                })
            })
            .collect()
    }

    async fn print(format: OutputFormat, list: Vec<Result<Item>>) -> (Result<()>, String) {
        let mut buf = Vec::new();
        let res = Printer::new(format, &mut buf)
            .list(futures::stream::iter(list))
            .await;
        (res, String::from_utf8(buf).unwrap())
    }

    #[tokio::test]
    async fn json_lists_are_arrays() {
        for n in [0, 1, 3] {
            let (res, text) = print(OutputFormat::Json, items(n)).await;
            res.unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            let arr = v.as_array().unwrap();
            assert_eq!(arr.len(), n);
            if n > 0 {
                assert_eq!(arr[0]["id"], "item-0");
                assert_eq!(arr[0]["size"], 0);
            }
        }
    }

    #[tokio::test]
    async fn failed_json_list_stays_unclosed() {
        let mut list = items(2);
        list.push(Err(Error::not_found("page 2 vanished")));
        let (res, text) = print(OutputFormat::Json, list).await;
        assert_eq!(res.unwrap_err().kind(), ErrorKind::NotFound);
        assert!(text.starts_with('['));
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_err(),
            "{text}"
        );
    }

    #[tokio::test]
    async fn json_list_failing_at_once_prints_nothing() {
        let list = vec![Err(Error::not_found("no such container"))];
        let (res, text) = print(OutputFormat::Json, list).await;
        assert_eq!(res.unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(text, "");
    }

    #[tokio::test]
    async fn tables_align_columns() {
        let (res, text) = print(OutputFormat::Table, items(3)).await;
        res.unwrap();
        assert_eq!(text, "ID      SIZE\nitem-0  0\nitem-1  -\nitem-2  2000\n");
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        let text = render_table(&["a", "b"], &[vec!["x\ny".into(), "é".into()]]);
        assert_eq!(text, "A    B\nx y  é\n");
    }

    #[test]
    fn done_reports_action() {
        let mut buf = Vec::new();
        Printer::new(OutputFormat::Json, &mut buf)
            .done("destroy_node", "n-1")
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["action"], "destroy_node");
        assert_eq!(v["ok"], true);
        let mut buf = Vec::new();
        Printer::new(OutputFormat::Table, &mut buf)
            .done("destroy_node", "n-1")
            .unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "destroy_node n-1: ok\n");
    }

    /// Takes `budget` bytes, then reports that the reader went away.
    struct ClosesAfter {
        budget: usize,
    }

    impl Write for ClosesAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.budget == 0 {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.budget);
            self.budget -= n;
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_reader_leaving_mid_item_is_a_broken_pipe() {
        for budget in [0, 6, 20] {
            let err = Printer::new(OutputFormat::Json, ClosesAfter { budget })
                .list(futures::stream::iter(items(2)))
                .await
                .unwrap_err();
            assert!(is_broken_pipe(&err), "{budget}: {err}");
        }
    }

    #[test]
    fn broken_pipe_is_recognised() {
        let err = stdout_error(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&stdout_error(io::Error::other("disk"))));
        assert!(!is_broken_pipe(&Error::not_found("x")));
    }
}
