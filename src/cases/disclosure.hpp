#pragma once

// Disclosure control over linked releases (METRICS.md §7; decision 0011):
// pure functions over tables of counts, no database.
//
// A *family* is everything one principal can obtain for one calendar year:
// every unit of its subtree, every period of the year (year, halves, quarters,
// months) and every indicator. Its counts are kept at *positions* (unit, month
// of intake). A mass (cases; referrals) is split by *tables* whose categories
// partition it (sex; age group; a violence type or not; the month of the first
// service and its delay; …). Every released number is the sum of some
// categories of one table (or the whole mass) over the positions of a unit's
// subtree and a run of months.
//
// The method, block suppression: the positions are grouped into blocks of
// mass 0 or at least k (months of a quarter first, then units of a parent,
// then halves, then the year); inside each block, the categories of each table
// with fewer than k are grouped together (with the smallest larger category
// when they sum to less than k). A number is released only when it splits no
// block of non-zero mass. Proof that a withheld number keeps a feasible
// interval of width ≥ k under any linear combination of released numbers and
// non-negativity: it splits some block B of mass m ≥ k; moving all of B's
// mass inside the withheld number's set, or all of it outside (to another
// position or category of B), changes no released number — each holds B whole
// or not at all — and changes the withheld number by m.

#include <cstdint>
#include <string>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace disclosure {

/// One table: `categories` categories partitioning its mass at every position.
struct TableSpec {
  std::string name;
  int categories = 0;
};

/// One mass of a family (cases, referrals) with the tables that split it.
struct Mass {
  std::string name;
  std::vector<TableSpec> tables;
  /// counts[t][(position) * tables[t].categories + c]; every table sums, at
  /// each position, to the same mass.
  std::vector<std::vector<std::int64_t>> counts;
};

/// The positions of a family: units (a tree, index 0 the root) × 12 months.
struct Frame {
  std::vector<int> parent;  ///< parent[u] < u for u > 0; parent[0] = -1
  /// Further units whose subtree holds u (a merged unit under its successor
  /// and its former parent); empty, or one list per unit.
  std::vector<std::vector<int>> extra_parents;
  static constexpr int months = 12;
  int positions() const { return static_cast<int>(parent.size()) * months; }
  static int position(int unit, int month0) { return unit * months + month0; }
};

/// `positions` sorted, each once.
std::vector<int> distinct_positions(std::vector<int> positions);

/// A released number: categories `cats` of table `table` (or the whole mass
/// when table is -1) over the subtree of `unit` and months [first, last]
/// (0-based, inclusive) — or, when `positions` is not empty, over exactly
/// those positions (another day's geography, decision 0021: any set of
/// positions is released only when it holds every block it touches whole, so
/// the proof above holds for it unchanged).
struct Query {
  int mass = 0;
  int table = -1;
  std::vector<int> cats;
  int unit = 0;
  int first = 0;
  int last = 11;
  std::vector<int> positions;
};

/// The protected family: blocks of positions and, per table and block, the
/// grouping of its categories.
class Protection {
 public:
  Protection(Frame frame, std::vector<Mass> masses, int k);

  /// Whether `q` is withheld.
  bool withheld(const Query& q) const;
  /// The true value of `q` (for the caller and for tests).
  std::int64_t value(const Query& q) const;
  int k() const { return k_; }
  const Frame& frame() const { return frame_; }
  /// The units of `unit`'s subtree, by either link (the units a query of it covers).
  const std::vector<int>& subtree(int unit) const { return subtree_.at(static_cast<std::size_t>(unit)); }

 private:
  struct MassBlocks {
    std::vector<int> block_of;                 ///< by position; -1 when its mass is 0
    std::vector<std::int64_t> block_mass;      ///< by block
    std::vector<int> block_size;               ///< positions in the block
    bool sufficient = true;                    ///< false when the whole family holds less than k
    /// group[t][block * categories + c]: 0 no mass, 1 a category alone, 2 in
    /// the block's group of small categories.
    std::vector<std::vector<std::uint8_t>> group;
    /// group_size[t][block]: how many categories the block's group holds.
    std::vector<std::vector<int>> group_size;
  };
  void protect(int m);
  std::vector<int> in_scope(const Query& q) const;

  Frame frame_;
  std::vector<Mass> masses_;
  int k_;
  std::vector<std::vector<int>> subtree_;  ///< units of each unit's subtree
  std::vector<MassBlocks> blocks_;
};

}  // namespace disclosure
}  // namespace v1
}  // namespace kehoach
