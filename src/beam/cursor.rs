//! A bounds-checked big-endian byte reader that knows where it is, for error messages.

use super::error::{BeamError, ChunkId, Context, Location};

pub(crate) type Result<T> = std::result::Result<T, BeamError>;

#[derive(Clone)]
pub(crate) struct Cursor<'a> {
    data: &'a [u8],
    position: usize,
    /// Offset of `data[0]` in whatever the error offsets are relative to (usually the file).
    base: usize,
    chunk: ChunkId,
    context: Context,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(data: &'a [u8], base: usize, chunk: ChunkId) -> Self {
        Cursor {
            data,
            position: 0,
            base,
            chunk,
            context: Context::None,
        }
    }

    pub(crate) fn with_context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }

    pub(crate) fn chunk(&self) -> ChunkId {
        self.chunk
    }

    /// The location of the next unread byte.
    pub(crate) fn location(&self) -> Location {
        self.location_at(self.position)
    }

    pub(crate) fn location_at(&self, position: usize) -> Location {
        Location {
            chunk: self.chunk,
            offset: self.base + position,
            context: self.context,
        }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.data.len() - self.position
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    pub(crate) fn truncated(&self, what: &'static str, needed: usize) -> BeamError {
        BeamError::Truncated {
            at: self.location(),
            what,
            needed,
            available: self.remaining(),
        }
    }

    pub(crate) fn bytes(&mut self, count: usize, what: &'static str) -> Result<&'a [u8]> {
        if count > self.remaining() {
            return Err(self.truncated(what, count));
        }
        let slice = &self.data[self.position..self.position + count];
        self.position += count;
        Ok(slice)
    }

    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let slice = &self.data[self.position..];
        self.position = self.data.len();
        slice
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let slice = self.bytes(N, what)?;
        let mut array = [0u8; N];
        array.copy_from_slice(slice);
        Ok(array)
    }

    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }

    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array(what)?))
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array(what)?))
    }

    pub(crate) fn i32(&mut self, what: &'static str) -> Result<i32> {
        Ok(i32::from_be_bytes(self.array(what)?))
    }

    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array(what)?))
    }

    pub(crate) fn i64(&mut self, what: &'static str) -> Result<i64> {
        Ok(i64::from_be_bytes(self.array(what)?))
    }

    /// Checks that `count` items of at least `min_item_size` bytes each can still follow,
    /// so that a hostile count never drives a large allocation or a long loop.
    pub(crate) fn check_count(
        &self,
        count: u64,
        min_item_size: usize,
        what: &'static str,
    ) -> Result<usize> {
        let limit = (self.remaining() / min_item_size.max(1)) as u64;
        if count > limit {
            return Err(BeamError::BadSize {
                at: self.location(),
                what,
                value: count,
                limit,
            });
        }
        // `count <= remaining`, so it fits in usize.
        Ok(count as usize)
    }
}
