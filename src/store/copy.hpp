#pragma once

// Copying a whole store into an empty one, through the storage port, whatever
// the two engines (Store::copy_to): every row the port reads, written in the
// order its references need, then read back from the destination and
// compared with what was read. No access rule here: the Store checks the
// principal and audits the copy.

#include "store/port.hpp"

#include <cstdint>

namespace kehoach {
inline namespace v1 {
namespace store_copy {

struct Counts {
  std::int64_t units = 0, plans = 0, records = 0, cases = 0, audit_entries = 0, packages = 0;
};

/// Whether `s` holds nothing: no unit, plan, case, audit entry or package.
bool empty(store_port::Storage& s);

/// Copies `from` (read in a transaction of the caller's) into `to` (written
/// in a write transaction of the caller's, which commits only when this
/// returns) and checks that `to` then reads back equal. CorruptStore when
/// the source's audit chain does not verify (a broken chain is not moved
/// on) or when the destination reads back different, naming the first part
/// that differs.
Counts copy(store_port::Storage& from, store_port::Storage& to);

}  // namespace store_copy
}  // namespace v1
}  // namespace kehoach
