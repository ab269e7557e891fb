//! Sets of categories as bitsets over category indexes.

use fixedbitset::FixedBitSet;

/// A set of categories (by index in declaration order).
#[derive(Clone, Debug, Default)]
pub struct CatSet(FixedBitSet);

/// Sets are equal when they hold the same categories, whatever their capacity.
impl PartialEq for CatSet {
    fn eq(&self, other: &Self) -> bool {
        self.is_subset(other) && other.is_subset(self)
    }
}

impl Eq for CatSet {}

impl CatSet {
    /// An empty set able to hold categories `0..len`.
    pub fn with_len(len: usize) -> Self {
        CatSet(FixedBitSet::with_capacity(len))
    }

    /// Adds a category.
    pub fn insert(&mut self, category: u32) {
        let i = category as usize;
        if i >= self.0.len() {
            self.0.grow(i + 1);
        }
        self.0.insert(i);
    }

    /// Whether the category is in the set.
    pub fn contains(&self, category: u32) -> bool {
        self.0.contains(category as usize)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_clear()
    }

    /// The number of categories in the set.
    pub fn len(&self) -> usize {
        self.0.count_ones(..)
    }

    /// The categories, in index order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.ones().filter_map(|i| u32::try_from(i).ok())
    }

    /// Adds every category of `other`.
    pub fn union_with(&mut self, other: &CatSet) {
        self.0.union_with(&other.0);
    }

    /// Keeps only categories also in `other`.
    pub fn intersect_with(&mut self, other: &CatSet) {
        self.0.intersect_with(&other.0);
    }

    /// Removes every category of `other`.
    pub fn difference_with(&mut self, other: &CatSet) {
        self.0.difference_with(&other.0);
    }

    /// Whether the sets share a category.
    pub fn intersects(&self, other: &CatSet) -> bool {
        !self.0.is_disjoint(&other.0)
    }

    /// Whether every category of `self` is in `other`.
    pub fn is_subset(&self, other: &CatSet) -> bool {
        self.0.is_subset(&other.0)
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
