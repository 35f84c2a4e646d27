//! Decoding an `aws-chunked` request body (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`) as it
//! arrives: `SIZE-IN-HEX[;extensions]\r\nDATA\r\n` chunks, a zero-size chunk, then
//! trailer lines and an empty line.

/// Where the decoder is in the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading a chunk-size line.
    Size,
    /// Inside a chunk's data, this many bytes left.
    Data(usize),
    /// Skipping the line break after a chunk's data, this many bytes left.
    DataEnd(usize),
    /// Reading trailer lines.
    Trailers,
    /// After the empty line that ends the body.
    Done,
}

/// An incremental `aws-chunked` decoder.
#[derive(Debug)]
pub struct Decoder {
    state: State,
    line: Vec<u8>,
    trailers: Vec<String>,
}

/// Longest size or trailer line accepted.
const MAX_LINE: usize = 4096;

impl Default for Decoder {
    fn default() -> Self {
        Decoder {
            state: State::Size,
            line: Vec::new(),
            trailers: Vec::new(),
        }
    }
}

impl Decoder {
    /// Decodes the next bytes of the body, handing each piece of data to `data`.
    pub fn feed(&mut self, mut input: &[u8], data: &mut impl FnMut(&[u8])) -> Result<(), String> {
        while !input.is_empty() {
            match self.state {
                State::Data(left) => {
                    let n = left.min(input.len());
                    data(&input[..n]);
                    input = &input[n..];
                    self.state = if n == left {
                        State::DataEnd(2)
                    } else {
                        State::Data(left - n)
                    };
                }
                State::DataEnd(left) => {
                    let want = &b"\r\n"[2 - left..];
                    let n = left.min(input.len());
                    if input[..n] != want[..n] {
                        return Err("a chunk's data is not followed by CRLF".into());
                    }
                    input = &input[n..];
                    self.state = if n == left {
                        State::Size
                    } else {
                        State::DataEnd(left - n)
                    };
                }
                State::Size | State::Trailers => {
                    let Some(end) = input.iter().position(|&b| b == b'\n') else {
                        self.push_line(input)?;
                        return Ok(());
                    };
                    self.push_line(&input[..=end])?;
                    input = &input[end + 1..];
                    self.end_line()?;
                }
                State::Done => return Err("bytes after the end of the body".into()),
            }
        }
        Ok(())
    }

    /// The trailer lines, once the body ended properly.
    pub fn finish(self) -> Result<Vec<String>, String> {
        match self.state {
            State::Done => Ok(self.trailers),
            _ => Err("the body ended early".into()),
        }
    }

    fn push_line(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.line.extend_from_slice(bytes);
        if self.line.len() > MAX_LINE {
            return Err("a line is too long".into());
        }
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), String> {
        let raw = std::mem::take(&mut self.line);
        let line = std::str::from_utf8(&raw)
            .map_err(|_| "a line is not UTF-8".to_string())?
            .strip_suffix("\r\n")
            .ok_or("a line does not end in CRLF")?
            .to_string();
        match self.state {
            State::Size => {
                let hex = line.split(';').next().unwrap_or_default().trim();
                let size = usize::from_str_radix(hex, 16)
                    .map_err(|_| format!("bad chunk size {hex:?}"))?;
                self.state = if size == 0 {
                    State::Trailers
                } else {
                    State::Data(size)
                };
            }
            _ if line.is_empty() => self.state = State::Done,
            _ => self.trailers.push(line),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_in_pieces(wire: &[u8], piece: usize) -> Result<(Vec<u8>, Vec<String>), String> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for chunk in wire.chunks(piece) {
            d.feed(chunk, &mut |b| out.extend_from_slice(b))?;
        }
        Ok((out, d.finish()?))
    }

    #[test]
    fn decodes_whatever_the_pieces() {
        let wire = b"5\r\nhello\r\n3;chunk-signature=x\r\n!!!\r\n0\r\nx-amz-checksum-crc32c:AAAAAA==\r\n\r\n";
        for piece in [1, 2, 3, 7, wire.len()] {
            let (data, trailers) = decode_in_pieces(wire, piece).unwrap();
            assert_eq!(data, b"hello!!!", "{piece}");
            assert_eq!(trailers, ["x-amz-checksum-crc32c:AAAAAA=="]);
        }
    }

    #[test]
    fn refuses_broken_bodies() {
        for bad in [
            &b"5\r\nhello0\r\n\r\n"[..],
            b"zz\r\n",
            b"5\r\nhel",
            b"0\r\n\r\nextra",
        ] {
            assert!(
                decode_in_pieces(bad, 3).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
