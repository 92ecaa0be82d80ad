#pragma once

// The case tally (METRICS.md §6): how cases are counted into the indicators
// and disaggregations, and the encoded cells the store keeps at write time
// (schema 5, decision 0009). Pure: the store reads cases and cells and hands
// them here; nothing here reads or writes a store.
//
// A cell holds, for one unit and one month of intake, the counters of every
// indicator and disaggregation and the distribution of days to first service
// as they stand after all the events of its cases, the date of the latest
// event, and the events themselves (first service, first service of each
// type, referrals) with their dates. For an as-of date before the latest
// event, the events after it are taken back, so a cell is exact for any as-of
// date on or after the end of its month.

#include <kehoach/cases.hpp>
#include <kehoach/indicators.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {
namespace case_tally {

/// Days since 1970-01-01.
long day_number(Date d);

/// A change of the counters on a date after intake: counter `index` grows by
/// one, or, when `index` is days_index(), the distribution of days to first
/// service gains one case at `days`. Counters are the state after every
/// event; the events let a tally be taken back to any earlier as-of date.
struct Event {
  long day;  ///< days since 1970-01-01
  std::size_t index;
  long days = 0;
};

/// The index of an event on the distribution of days to first service (one
/// past the last counter).
std::size_t days_index();

/// The layout of the counters, as a text: cells written with another layout
/// are not read (the store remakes them).
const std::string& layout_signature();

/// The counts of a set of cases, as of any date after their last event.
struct Tally {
  Tally();
  std::vector<std::int64_t> n;                ///< the counters, laid out once
  std::map<std::int64_t, std::int64_t> days;  ///< days from intake to first service → cases
  std::optional<Date> last_event;             ///< latest provided service or referral
  std::vector<Event> events;

  /// One case's part (a record of a case first received elsewhere counts nothing).
  void add(const CaseRecord& c);
  void merge(const Tally& other);
  /// Takes back one event: the state before it.
  void retract(const Event& e);

 private:
  void event(Date d, std::size_t index, long value = 0);
};

/// The indicators of a tally. CorruptStore when a counter is negative (cells
/// that do not add up).
CaseIndicators indicators_of(const Tally& t, std::string_view unit, const Period& period, Date as_of);

/// A cell as the store keeps it: the month of intake (YYYY-MM), the date of
/// its latest event, and its counters, days and events in a compact encoding
/// (unsigned LEB128 varints; days zigzag-encoded).
struct EncodedCell {
  std::string month;
  std::optional<Date> last_event;
  std::string counts, days, events;
};

EncodedCell encode(const std::string& month, const Tally& t);
/// Adds a cell's counters and days to `t` (CorruptStore when damaged).
void add_counts(Tally& t, const EncodedCell& cell);
/// Calls `f` for each of a cell's events (CorruptStore when damaged).
void each_event(const EncodedCell& cell, const std::function<void(const Event&)>& f);
/// A cell's content in a form that does not depend on the order in which its
/// events were written (the integrity check compares cells with it).
std::string canonical(const EncodedCell& cell);

// ---- months ----

Date month_start(const std::string& month);  ///< "YYYY-MM" → its first day
Date month_end(Date start);                  ///< the last day of `start`'s month
std::string month_of(Date d);                ///< "YYYY-MM"
/// Whether `p` is made of whole calendar months.
bool whole_months(const Period& p);

}  // namespace case_tally
}  // namespace v1
}  // namespace kehoach
