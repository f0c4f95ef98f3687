//! The IFF container: `FOR1`, form size, `BEAM`, then 4-byte aligned chunks.

use super::cursor::{Cursor, Result};
use super::error::{BeamError, ChunkId};

/// One chunk of the file, borrowed from the input.
#[derive(Debug, Clone, Copy)]
pub struct RawChunk<'a> {
    pub id: ChunkId,
    /// Offset of the chunk's data (after its 8-byte header) in the file.
    pub offset: usize,
    pub data: &'a [u8],
}

impl<'a> RawChunk<'a> {
    pub(crate) fn cursor(&self) -> Cursor<'a> {
        Cursor::new(self.data, self.offset, self.id)
    }
}

fn magic_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Splits a `.beam` file into its chunks, in file order.
pub fn split_chunks(bytes: &[u8]) -> Result<Vec<RawChunk<'_>>> {
    let mut header = Cursor::new(bytes, 0, ChunkId::HEADER);
    let form = header.bytes(4, "IFF header")?;
    if form != b"FOR1" {
        return Err(BeamError::BadMagic {
            offset: 0,
            expected: "FOR1",
            found: magic_text(form),
        });
    }
    let form_size = u64::from(header.u32("IFF form size")?);
    let after_size = header.remaining();
    if form_size > after_size as u64 {
        return Err(BeamError::BadFormSize {
            declared: form_size,
            available: after_size,
        });
    }
    // Bytes past the declared form (if any) are not part of the file's contents.
    let form_end = 8 + form_size as usize;
    let mut cursor = Cursor::new(&bytes[8..form_end], 8, ChunkId::HEADER);
    let kind = cursor.bytes(4, "IFF form type")?;
    if kind != b"BEAM" {
        return Err(BeamError::BadMagic {
            offset: 8,
            expected: "BEAM",
            found: magic_text(kind),
        });
    }

    let mut chunks = Vec::new();
    while !cursor.is_empty() {
        let header_offset = cursor.location().offset;
        let mut id = [0u8; 4];
        id.copy_from_slice(cursor.bytes(4, "chunk id")?);
        let id = ChunkId(id);
        let size = u64::from(cursor.u32("chunk size")?);
        if size > cursor.remaining() as u64 {
            return Err(BeamError::ChunkOutOfBounds {
                chunk: id,
                offset: header_offset,
                size,
                available: cursor.remaining(),
            });
        }
        let offset = cursor.location().offset;
        let data = cursor.bytes(size as usize, "chunk data")?;
        chunks.push(RawChunk { id, offset, data });
        // Chunks are padded to 4 bytes; the padding is not counted in the size. Tolerate a
        // missing pad after the last chunk.
        let padding = (4 - (size % 4) as usize) % 4;
        cursor.bytes(padding.min(cursor.remaining()), "chunk padding")?;
    }
    Ok(chunks)
}
