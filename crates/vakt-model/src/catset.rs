//! Sets of categories as bitsets over category indexes.
//!
//! Most models have at most 64 categories, so a set is usually one machine
//! word stored inline: building and combining sets allocates nothing.

const BITS: usize = u64::BITS as usize;

/// A set of categories (by index in declaration order).
#[derive(Clone, Debug)]
pub struct CatSet {
    words: Words,
}

/// The words of a set: one inline, or more behind one pointer, so that a
/// set takes two machine words (and a `Value` holding one three).
#[derive(Clone, Debug)]
enum Words {
    One(u64),
    #[expect(
        clippy::box_collection,
        reason = "a thin pointer keeps the set two words; sets of more than 64 categories are rare"
    )]
    Many(Box<Vec<u64>>),
}

impl Default for CatSet {
    fn default() -> Self {
        CatSet {
            words: Words::One(0),
        }
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
        let mut set = CatSet::default();
        set.grow(len.div_ceil(BITS));
        set
    }

    fn words(&self) -> &[u64] {
        match &self.words {
            Words::One(word) => std::slice::from_ref(word),
            Words::Many(words) => words,
        }
    }

    fn words_mut(&mut self) -> &mut [u64] {
        match &mut self.words {
            Words::One(word) => std::slice::from_mut(word),
            Words::Many(words) => words,
        }
    }

    /// Makes room for at least `len` words.
    fn grow(&mut self, len: usize) {
        match &mut self.words {
            Words::One(_) if len <= 1 => {}
            Words::One(word) => {
                let mut words = vec![0; len];
                if let Some(first) = words.first_mut() {
                    *first = *word;
                }
                self.words = Words::Many(Box::new(words));
            }
            Words::Many(words) => {
                if words.len() < len {
                    words.resize(len, 0);
                }
            }
        }
    }

    /// Adds a category.
    pub fn insert(&mut self, category: u32) {
        let (word, bit) = split(category);
        self.grow(word + 1);
        if let Some(w) = self.words_mut().get_mut(word) {
            *w |= bit;
        }
    }

    /// Whether the category is in the set.
    pub fn contains(&self, category: u32) -> bool {
        let (word, bit) = split(category);
        self.words().get(word).is_some_and(|w| w & bit != 0)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words().iter().all(|&w| w == 0)
    }

    /// The number of categories in the set.
    pub fn len(&self) -> usize {
        self.words().iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The bytes the set takes on the heap (none for up to 64 categories).
    pub fn heap_bytes(&self) -> usize {
        match &self.words {
            Words::One(_) => 0,
            Words::Many(words) => {
                std::mem::size_of::<Vec<u64>>() + words.capacity() * std::mem::size_of::<u64>()
            }
        }
    }

    /// The categories, in index order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words().iter().enumerate().flat_map(|(i, &word)| {
            let base = i * BITS;
            Ones(word).map(move |bit| u32::try_from(base + bit).unwrap_or(u32::MAX))
        })
    }

    /// Adds every category of `other`.
    pub fn union_with(&mut self, other: &CatSet) {
        if let (Words::One(word), Words::One(o)) = (&mut self.words, &other.words) {
            *word |= o;
            return;
        }
        self.grow(other.words().len());
        for (w, o) in self.words_mut().iter_mut().zip(other.words()) {
            *w |= o;
        }
    }

    /// Keeps only categories also in `other`.
    pub fn intersect_with(&mut self, other: &CatSet) {
        let theirs = other.words();
        for (i, w) in self.words_mut().iter_mut().enumerate() {
            *w &= theirs.get(i).copied().unwrap_or(0);
        }
    }

    /// Removes every category of `other`.
    pub fn difference_with(&mut self, other: &CatSet) {
        for (w, o) in self.words_mut().iter_mut().zip(other.words()) {
            *w &= !o;
        }
    }

    /// Whether the sets share a category.
    pub fn intersects(&self, other: &CatSet) -> bool {
        if let (Words::One(a), Words::One(b)) = (&self.words, &other.words) {
            return a & b != 0;
        }
        self.words()
            .iter()
            .zip(other.words())
            .any(|(a, b)| a & b != 0)
    }

    /// Whether every category of `self` is in `other`.
    pub fn is_subset(&self, other: &CatSet) -> bool {
        let theirs = other.words();
        self.words()
            .iter()
            .enumerate()
            .all(|(i, &w)| w & !theirs.get(i).copied().unwrap_or(0) == 0)
    }

    /// `self ∩ with ∖ without`, without building intermediate sets: what a
    /// flow (carrying `self`) delivers of the deliverable `with` to a target
    /// that holds `without` already.
    pub fn intersection_without(&self, with: &CatSet, without: &CatSet) -> CatSet {
        if let (Words::One(w), Words::One(keep), Words::One(drop)) =
            (&self.words, &with.words, &without.words)
        {
            return CatSet {
                words: Words::One(w & keep & !drop),
            };
        }
        let (keep, drop) = (with.words(), without.words());
        let words: Vec<u64> = self
            .words()
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                w & keep.get(i).copied().unwrap_or(0) & !drop.get(i).copied().unwrap_or(0)
            })
            .collect();
        match words.as_slice() {
            &[word] => CatSet {
                words: Words::One(word),
            },
            _ => CatSet {
                words: Words::Many(Box::new(words)),
            },
        }
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

    use std::collections::BTreeSet;

    use proptest::prelude::*;

    /// Sets of up to 64 categories (one word) or up to 200 (several).
    fn categories() -> impl Strategy<Value = Vec<u32>> {
        prop_oneof![
            prop::collection::vec(0u32..64, 0..12),
            prop::collection::vec(0u32..200, 0..12),
        ]
    }

    fn set(categories: &[u32]) -> CatSet {
        categories.iter().copied().collect()
    }

    fn reference(categories: &[u32]) -> BTreeSet<u32> {
        categories.iter().copied().collect()
    }

    fn members(set: &CatSet) -> Vec<u32> {
        set.iter().collect()
    }

    proptest! {
        /// Every operation agrees with the same operation on ordered sets,
        /// whatever the sizes of the two sets.
        #[test]
        fn operations_agree_with_ordered_sets(
            a in categories(),
            b in categories(),
            c in categories(),
            probe in 0u32..256,
        ) {
            let (sa, sb, sc) = (set(&a), set(&b), set(&c));
            let (ra, rb, rc) = (reference(&a), reference(&b), reference(&c));
            prop_assert_eq!(members(&sa), ra.iter().copied().collect::<Vec<_>>());
            prop_assert_eq!(sa.len(), ra.len());
            prop_assert_eq!(sa.is_empty(), ra.is_empty());
            prop_assert_eq!(sa.contains(probe), ra.contains(&probe));
            prop_assert_eq!(sa.intersects(&sb), !ra.is_disjoint(&rb));
            prop_assert_eq!(sa.is_subset(&sb), ra.is_subset(&rb));
            prop_assert_eq!(sa == sb, ra == rb);

            let mut union = sa.clone();
            union.union_with(&sb);
            prop_assert_eq!(members(&union), ra.union(&rb).copied().collect::<Vec<_>>());
            let mut both = sa.clone();
            both.intersect_with(&sb);
            prop_assert_eq!(members(&both), ra.intersection(&rb).copied().collect::<Vec<_>>());
            let mut rest = sa.clone();
            rest.difference_with(&sb);
            prop_assert_eq!(members(&rest), ra.difference(&rb).copied().collect::<Vec<_>>());
            let delivered = sa.intersection_without(&sb, &sc);
            let expected: Vec<u32> = ra.intersection(&rb).filter(|x| !rc.contains(x)).copied().collect();
            prop_assert_eq!(members(&delivered), expected);
        }
    }
}
