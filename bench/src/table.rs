//! A plain-text table: a header row, then rows; the first column left-aligned (the
//! labels), the others right-aligned (the figures).

use std::fmt;

/// A table of text cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column titles.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Table {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra ones are dropped.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        let mut cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        cells.resize(self.header.len(), String::new());
        self.rows.push(cells);
        self
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        widths
    }
}

fn write_line(f: &mut fmt::Formatter<'_>, cells: &[String], widths: &[usize]) -> fmt::Result {
    let mut line = String::new();
    for (i, (cell, &width)) in cells.iter().zip(widths).enumerate() {
        let pad = width - cell.chars().count();
        if i == 0 {
            line.push_str(cell);
            line.push_str(&" ".repeat(pad));
        } else {
            line.push_str("   ");
            line.push_str(&" ".repeat(pad));
            line.push_str(cell);
        }
    }
    writeln!(f, "{}", line.trim_end())
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths = self.widths();
        write_line(f, &self.header, &widths)?;
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        write_line(f, &rule, &widths)?;
        for row in &self.rows {
            write_line(f, row, &widths)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let mut t = Table::new(["", "ours", "theirs", "ratio"]);
        t.row(["CPU", "12.5 ms", "5,500.0 ms", "440.0×"]).row([
            "peak RSS",
            "20.1 MiB",
            "300.0 MiB",
        ]);
        let text = t.to_string();
        let expected = concat!(
            "               ours       theirs    ratio\n",
            "--------   --------   ----------   ------\n",
            "CPU         12.5 ms   5,500.0 ms   440.0×\n",
            "peak RSS   20.1 MiB    300.0 MiB\n",
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn extra_cells_are_dropped_and_unicode_counts_as_one_column() {
        let mut t = Table::new(["a", "b"]);
        t.row(["µs", "1", "surplus"]);
        assert_eq!(t.to_string(), "a    b\n--   -\nµs   1\n");
    }
}
