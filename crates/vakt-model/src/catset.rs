//! Sets of categories as bitsets over category indexes.
//!
//! Most models have at most 64 categories, so a set is usually one machine
//! word stored inline: building and combining sets allocates nothing.

use smallvec::SmallVec;

const BITS: usize = u64::BITS as usize;

/// A set of categories (by index in declaration order).
#[derive(Debug, Default)]
pub struct CatSet {
    words: SmallVec<[u64; 1]>,
}

/// Sets are copied per system and flow when facts are derived: a set of one
/// word is copied as a word (`SmallVec`'s own `clone` goes through an
/// iterator).
impl Clone for CatSet {
    fn clone(&self) -> Self {
        let words = match self.words.as_slice() {
            &[word] => SmallVec::from_buf([word]),
            words => SmallVec::from_slice(words),
        };
        CatSet { words }
    }
}

/// Sets are equal when they hold the same categories, whatever their capacity.
impl PartialEq for CatSet {
    fn eq(&self, other: &Self) -> bool {
        self.is_subset(other) && other.is_subset(self)
    }
}

impl Eq for CatSet {}

impl CatSet {
    /// An empty set able to hold categories `0..len` without growing.
    pub fn with_len(len: usize) -> Self {
        let mut words = SmallVec::new();
        words.resize(len.div_ceil(BITS), 0);
        CatSet { words }
    }

    /// Adds a category.
    pub fn insert(&mut self, category: u32) {
        let (word, bit) = split(category);
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        if let Some(w) = self.words.get_mut(word) {
            *w |= bit;
        }
    }

    /// Whether the category is in the set.
    pub fn contains(&self, category: u32) -> bool {
        let (word, bit) = split(category);
        self.words.get(word).is_some_and(|w| w & bit != 0)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// The number of categories in the set.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The bytes the set takes on the heap (none for up to 64 categories).
    pub fn heap_bytes(&self) -> usize {
        if self.words.spilled() {
            self.words.capacity() * std::mem::size_of::<u64>()
        } else {
            0
        }
    }

    /// The categories, in index order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let base = i * BITS;
            Ones(word).map(move |bit| u32::try_from(base + bit).unwrap_or(u32::MAX))
        })
    }

    /// Adds every category of `other`.
    pub fn union_with(&mut self, other: &CatSet) {
        if let ([word], [o]) = (self.words.as_mut_slice(), other.words.as_slice()) {
            *word |= o;
            return;
        }
        if other.words.len() > self.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }

    /// Keeps only categories also in `other`.
    pub fn intersect_with(&mut self, other: &CatSet) {
        for (i, w) in self.words.iter_mut().enumerate() {
            *w &= other.words.get(i).copied().unwrap_or(0);
        }
    }

    /// Removes every category of `other`.
    pub fn difference_with(&mut self, other: &CatSet) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w &= !o;
        }
    }

    /// Whether the sets share a category.
    pub fn intersects(&self, other: &CatSet) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    /// Whether every category of `self` is in `other`.
    pub fn is_subset(&self, other: &CatSet) -> bool {
        self.words
            .iter()
            .enumerate()
            .all(|(i, &w)| w & !other.words.get(i).copied().unwrap_or(0) == 0)
    }

    /// `self ∩ with ∖ without`, without building intermediate sets: what a
    /// flow (carrying `self`) delivers of the deliverable `with` to a target
    /// that holds `without` already.
    pub fn intersection_without(&self, with: &CatSet, without: &CatSet) -> CatSet {
        if let (&[w], &[keep], &[drop]) = (
            self.words.as_slice(),
            with.words.as_slice(),
            without.words.as_slice(),
        ) {
            return CatSet {
                words: SmallVec::from_buf([w & keep & !drop]),
            };
        }
        let mut words = SmallVec::with_capacity(self.words.len());
        for (i, &w) in self.words.iter().enumerate() {
            let keep = with.words.get(i).copied().unwrap_or(0);
            let drop = without.words.get(i).copied().unwrap_or(0);
            words.push(w & keep & !drop);
        }
        CatSet { words }
    }
}

/// Word index and bit mask of a category.
fn split(category: u32) -> (usize, u64) {
    let i = category as usize;
    (i / BITS, 1u64 << (i % BITS))
}

/// The set bits of a word, lowest first.
struct Ones(u64);

impl Iterator for Ones {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros() as usize;
        self.0 &= self.0 - 1;
        Some(bit)
    }
}

impl FromIterator<u32> for CatSet {
    fn from_iter<T: IntoIterator<Item = u32>>(iter: T) -> Self {
        let mut set = CatSet::default();
        for c in iter {
            set.insert(c);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::CatSet;

    #[test]
    fn sets_of_any_size_combine() {
        let a: CatSet = [0, 3, 64, 130].into_iter().collect();
        let b: CatSet = [3, 130].into_iter().collect();
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 3, 64, 130]);
        assert_eq!(a.len(), 4);
        assert!(b.is_subset(&a) && !a.is_subset(&b));
        assert!(a.intersects(&b));
        let mut c = a.clone();
        c.difference_with(&b);
        assert_eq!(c.iter().collect::<Vec<_>>(), [0, 64]);
        let mut d = b.clone();
        d.intersect_with(&CatSet::with_len(1));
        assert!(d.is_empty());
        assert_eq!(CatSet::with_len(200), CatSet::default());
        let e = a.intersection_without(&[0, 64, 130].into_iter().collect(), &b);
        assert_eq!(e.iter().collect::<Vec<_>>(), [0, 64]);
    }
}
