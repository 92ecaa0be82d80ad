#pragma once

// What the kehoach tool prints: labels in Vietnamese and English, aligned
// tables, and the status report.

#include <kehoach/kehoach.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace kehoach_cli {

struct Words {
  const char* store_ready; const char* importing; const char* imported; const char* plans;
  const char* warnings_lower; const char* recorded; const char* observations; const char* task_updates;
  const char* allocations; const char* expenditures; const char* submissions; const char* cases;
  const char* package_imported; const char* audit_intact; const char* audit_broken;
  const char* issuer; const char* issued; const char* not_stated; const char* period; const char* targets;
  const char* milestones; const char* tasks; const char* agencies; const char* duties; const char* events;
  const char* warnings; const char* valid; const char* invalid; const char* as_of; const char* plan;
  const char* item; const char* indicator; const char* actual; const char* expected; const char* status;
  const char* attainment; const char* manual; const char* due; const char* overdue; const char* completed;
  const char* on_time; const char* reports; const char* received; const char* missing; const char* late;
  const char* budget; const char* allocated; const char* spent; const char* execution; const char* source;
  const char* compliance; const char* agency; const char* none; const char* case_indicators; const char* unit;
  const char* service_access; const char* help; const char* referrals; const char* median_days;
  const char* suppressed; const char* deadline; const char* reporter; const char* total; const char* case_count;
  const char* integrity_intact; const char* integrity_broken; const char* cells;
  const char* plan_removed; const char* case_updated; const char* manual_status_set;
  const char* copied; const char* units_lower; const char* records_lower; const char* audit_entries;
  const char* packages; const char* read_back_equal;
  const char* register_recorded; const char* unit_versions; const char* successions;
  const char* took_over_from; const char* passed_to; const char* from_day; const char* to_day;
  const char* by_units_of;
  const char* agency_successions_recorded; const char* ended; const char* takes_the_rest; const char* basis;
  const char* orphaned;
  const char* case_closed; const char* case_reopened; const char* version; const char* intake;
  const char* closed_on; const char* next_page; const char* no_cases; const char* code;
  const char* plans_above; const char* plans_below; const char* not_in_store;
  const char* amendment_recorded; const char* revision; const char* in_force_from; const char* amending_document;
  const char* as_first_issued; const char* added; const char* removed; const char* changed; const char* no_changes;
  const char* replaces; const char* replaced_by;
  const char* observation_retracted; const char* submission_retracted;
  const char* allocation_retracted;
  const char* as_recorded_by;
  const char* expenditure_retracted;
};

const Words& words(kehoach::Lang lang);

int validate_files(const std::vector<std::string>& files, kehoach::Lang lang, bool quiet);

struct StatusRequest {
  kehoach::Date as_of;
  std::string plan_id;
  std::string unit;
  std::string agency_id;
  bool json = false;
  std::optional<kehoach::Principal> principal;
  std::optional<kehoach::Date> boundaries = std::nullopt;  ///< --boundaries: the units of that day
  std::optional<std::string> known_at = std::nullopt;      ///< --known-at: as the records stood at that UTC time
};

int print_status(kehoach::Store& store, const StatusRequest& request, kehoach::Lang lang);

/// Case indicators (released or a case worker's own), as a table.
void print_cases(std::ostream& out, const kehoach::CaseIndicators& indicators, kehoach::Lang lang);
/// A page of listed cases, as a table, and where the next page starts.
void print_case_page(std::ostream& out, const kehoach::CasePage& page, kehoach::Lang lang);
/// The reporting roll-up of a unit's subtree: one row per unit with plans.
void print_reporting(std::ostream& out, const kehoach::ReportingRollup& rollup, kehoach::Lang lang);


}  // namespace kehoach_cli
