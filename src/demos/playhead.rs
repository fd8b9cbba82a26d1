//! The iteration a stepping demo shows, and how playing, stepping and parameter changes move
//! it: one small state machine shared by every demo with `steps=`.

/// Which iteration is shown out of `0..=last`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Playhead {
    /// The iteration shown.
    pub shown: usize,
    /// The last iteration there is.
    pub last: usize,
}

impl Playhead {
    /// Showing the whole run: how a demo opens (and what a link without `steps=` means).
    pub fn at_end(last: usize) -> Self {
        Self { shown: last, last }
    }

    pub fn is_at_end(&self) -> bool {
        self.shown >= self.last
    }

    /// Jumps to `step`, clamped to the run.
    pub fn go_to(&mut self, step: usize) {
        self.shown = step.min(self.last);
    }

    /// The run got a new length (parameters changed). A reader looking at the whole run keeps
    /// seeing the whole run; one paused mid-way stays at the same iteration if it still exists.
    pub fn set_last(&mut self, last: usize) {
        self.shown = if self.is_at_end() {
            last
        } else {
            self.shown.min(last)
        };
        self.last = last;
    }

    /// One animation frame: `per_frame` iterations further. Returns false once at the end
    /// (the shell then stops playing).
    pub fn advance(&mut self, per_frame: usize) -> bool {
        if self.is_at_end() {
            return false;
        }
        self.shown = (self.shown + per_frame.max(1)).min(self.last);
        !self.is_at_end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playing_stepping_and_resizing() {
        let mut playhead = Playhead::at_end(10);
        assert!(!playhead.advance(1), "nothing to play at the end");
        playhead.go_to(0);
        assert!(playhead.advance(4) && playhead.advance(4));
        assert_eq!(playhead.shown, 8);
        assert!(!playhead.advance(4), "the last frame stops at 10, not 12");
        assert_eq!(playhead.shown, 10);
        // At the end, a longer run keeps showing all of it.
        playhead.set_last(20);
        assert_eq!(
            playhead,
            Playhead {
                shown: 20,
                last: 20
            }
        );
        // Paused mid-way, the iteration is kept, or clamped when the run gets shorter.
        playhead.go_to(15);
        playhead.set_last(30);
        assert_eq!(playhead.shown, 15);
        playhead.set_last(12);
        assert_eq!(playhead.shown, 12);
        playhead.go_to(99);
        assert_eq!(playhead.shown, 12);
    }
}
