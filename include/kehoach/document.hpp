#pragma once

#include <kehoach/error.hpp>
#include <kehoach/plan.hpp>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kehoach {
inline namespace v1 {

/// The name and version of the plan document format this library reads and writes.
inline constexpr std::string_view plan_document_format = "kehoach-plan";
inline constexpr int plan_document_version = 1;

/// A plan read from a document, with the warnings found in it.
struct PlanDocument {
  Plan plan;
  std::vector<Diagnostic> warnings;
};

/// Reads and validates a plan document (docs/plan-document.md). Text is
/// normalised to NFC. Throws ParseError for malformed JSON, invalid UTF-8, a
/// wrong type, an unknown field or a malformed date, and ValidationError
/// (with every error found) for a plan that breaks a rule of the model; each
/// names the field by JSON pointer.
KEHOACH_API PlanDocument read_plan_json(std::string_view json);

/// Reads a plan document from a file. Throws IoError when it cannot be read;
/// messages name the file.
KEHOACH_API PlanDocument read_plan_file(const std::filesystem::path& path);

/// Writes `plan` as a plan document. Optional fields that are empty are left
/// out, so the output is canonical: for a plan that validates, reading it
/// gives back an equal plan, and
/// writing that gives the same text. `indent` < 0 writes one line. Throws
/// InvalidArgument for text that is not UTF-8 or a number that is not finite.
KEHOACH_API std::string write_plan_json(const Plan& plan, int indent = 2);

/// Units as a JSON array, each unit in the shape of a plan document's `units`.
KEHOACH_API std::string write_units_json(std::span<const AdministrativeUnit> units);

/// One unit's history as JSON: `{"code", "versions": [{"name", "level",
/// "parent", "valid_from", "valid_to"}], "predecessors": [{"from", "to",
/// "date", "share"}], "successors": [...]}` (absent values left out).
KEHOACH_API std::string write_unit_history_json(const UnitHistory& history);

/// Versions of units (Store::units_on) as a JSON array of `{"code", "name",
/// "level", "parent", "valid_from", "valid_to"}` (absent values left out).
KEHOACH_API std::string write_unit_versions_json(std::span<const UnitVersion> versions);

/// Successions as a JSON array of `{"from", "to", "date", "share"}`.
KEHOACH_API std::string write_successions_json(std::span<const Succession> successions);

/// Reads a unit register from CSV (docs/data-model.md, "Units over time"):
/// `versions_csv` with the columns code, name, level, parent, valid_from,
/// valid_to (the first three required); `successions_csv` (may be empty)
/// with old_code, new_code, date, share (the first three required). Dates
/// are ISO or Vietnamese (31/12/2025); levels are codes (province,
/// district, commune). Throws ParseError naming the file, line and column
/// (`versions.csv line 4, column valid_from`).
KEHOACH_API UnitRegister read_unit_register_csv(std::string_view versions_csv, std::string_view successions_csv = {});

/// Reads an agency succession document (docs/data-model.md, "Agencies over
/// time"): `{"format": "kehoach-agency-successions", "format_version": 1,
/// "successions": [{"plan_id", "agency_id", "date", "to": [{"agency_id",
/// "tasks", "duties"}], "joining": [agency], "basis"}]}`, each joining agency
/// in the shape of a plan document's `agencies`. Throws ParseError naming the
/// field; the store checks the rest (Store::record_agency_successions).
KEHOACH_API std::vector<AgencySuccession> read_agency_successions_json(std::string_view json);

/// Agency successions as such a document (absent values left out).
KEHOACH_API std::string write_agency_successions_json(std::span<const AgencySuccession> successions);

}  // namespace v1
}  // namespace kehoach
