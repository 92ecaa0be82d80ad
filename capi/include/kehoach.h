/*
 * kehoach — the C ABI.
 *
 * A stable C interface to the kehoach library for portals written in other
 * languages (Java, .NET, PHP, Go, Node, …). The promise (docs/c-api.md):
 *   - this header only ever grows: functions, constants and struct fields are
 *     added, never changed or removed; a retired status code keeps its slot;
 *   - every function returns a kh_status and writes results through
 *     out-parameters (first in the list); no C++ exception crosses it;
 *   - only fixed-width integers, size_t, int32_t 0/1 for booleans and UTF-8
 *     `const char *` cross it; compound data is UTF-8 JSON; dates are ISO
 *     `YYYY-MM-DD` (or the Vietnamese forms `31/12/2025`);
 *   - strings and buffers the library returns belong to the caller and are
 *     freed with kh_free; handles with their own *_close / *_free;
 *   - kh_last_error() and kh_last_error_path() describe the last failure on the
 *     calling thread, until that thread's next kh_ call.
 * Compiles as C99 and as C++.
 */
#ifndef KEHOACH_H
#define KEHOACH_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  define KH_EXTERN __declspec(dllimport)
#elif defined(__GNUC__)
#  define KH_EXTERN __attribute__((visibility("default")))
#else
#  define KH_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version: the SONAME of libkehoach_c.so.<ABI>. */
#define KH_ABI_VERSION 1

typedef int32_t kh_status;

#define KH_OK 0
#define KH_E_INVALID_ARGUMENT -1 /* NULL where a value is needed, invalid UTF-8, a closed handle, a bad option */
#define KH_E_PARSE -2            /* malformed JSON, CSV, date or period */
#define KH_E_VALIDATION -3       /* a record breaks a rule of the model; see kh_last_error_path() */
#define KH_E_NOT_FOUND -4
#define KH_E_CONFLICT -5         /* already there (permanent; "busy" is KH_E_BUSY since 0.2) */
#define KH_E_PERMISSION -6       /* the principal's role or unit does not allow it */
#define KH_E_IO -7               /* cannot open, read or write; read-only store */
#define KH_E_CORRUPT -8          /* not a kehoach store, or damaged */
#define KH_E_VERSION -9          /* a store or document of a newer version */
#define KH_E_INTERNAL -10
#define KH_E_NO_MEMORY -11
#define KH_E_BUSY -12            /* another writer held the store past the busy timeout; nothing written: retry */
/* Statuses only grow. kh_status_name() and kh_status_is_retryable() describe
 * any of them; docs/errors.md has the whole table. */

/* Opaque handles. */
typedef struct kh_store kh_store;
typedef struct kh_principal kh_principal;

/* Options. Structs that can grow start with their size; always initialise
 * them with the *_INIT macro, then change fields. NULL means the defaults. */
typedef struct kh_store_options {
  uint32_t struct_size;
  int32_t read_only;       /* 0/1 */
  int32_t create;          /* 0/1: create the file when missing */
  int32_t busy_timeout_ms; /* how long a write waits for another writer */
} kh_store_options;
#define KH_STORE_OPTIONS_INIT {(uint32_t)sizeof(kh_store_options), 0, 1, 10000}

typedef struct kh_metrics_options {
  uint32_t struct_size;
  double tau;          /* the at-risk band of target progress (0.10) */
  int32_t disclosure_k; /* disclosure control threshold (5) */
  /* Keeps known_at past the end of the first struct on every platform (on
   * some 32-bit ABIs that struct has 4 bytes of trailing padding). Set 0. */
  int32_t reserved0;
  /* Plan and unit metrics as known at this UTC time, "YYYY-MM-DDTHH:MM:SSZ"
   * (the form of the records' recorded_at; docs/records.md): NULL for
   * everything as it stands now. Added after the first baseline; the
   * library reads it only when struct_size covers it. The case indicator
   * and package calls refuse it (KH_E_INVALID_ARGUMENT): they count the
   * cases as they stand. */
  const char *known_at;
} kh_metrics_options;
#define KH_METRICS_OPTIONS_INIT {(uint32_t)sizeof(kh_metrics_options), 0.10, 5, 0, NULL}

/* ---- library ---- */

/* The library version, e.g. "0.1.0". Static storage; never freed. */
KH_EXTERN const char *kh_version(void);
/* KH_ABI_VERSION of the library actually loaded. */
KH_EXTERN int32_t kh_abi_version(void);
/* The last error message on this thread (UTF-8), or "" when none. Valid until
 * this thread's next kh_ call. Never NULL. */
KH_EXTERN const char *kh_last_error(void);
/* The JSON pointer of the field the last error is about, or "". */
KH_EXTERN const char *kh_last_error_path(void);
/* Frees a string or buffer the library returned. NULL is fine. */
KH_EXTERN void kh_free(void *p);
/* The name of a status ("KH_OK", "KH_E_BUSY", …), or NULL for a value that is
 * not one. Static storage; never freed. */
KH_EXTERN const char *kh_status_name(kh_status status);
/* 1 when repeating the same call may succeed (KH_E_BUSY), 0 otherwise. */
KH_EXTERN int32_t kh_status_is_retryable(kh_status status);
/* The label for people of an enumeration value: `enumeration` is its C++
 * name ("TargetStatus", "ViolenceType", ...: docs/c-api.md), `code` the
 * value's code as the JSON documents write it ("on_track"), `lang` "vi" or
 * "en". *label_out points to static UTF-8 text, never freed.
 * KH_E_NOT_FOUND for an unknown enumeration or code. */
KH_EXTERN kh_status kh_label(const char **label_out, const char *enumeration, const char *code, const char *lang);

/* ---- store ---- */

/* Opens (or creates) a store: a file path, ":memory:", or a PostgreSQL
 * connection URI ("postgresql://…", docs/store.md). *out is set to NULL
 * on failure. One handle per thread; SQLite locks between handles. */
KH_EXTERN kh_status kh_store_open(kh_store **out, const char *path, const kh_store_options *options);
/* Closes a store. NULL is fine; a handle closed twice is ignored. */
KH_EXTERN void kh_store_close(kh_store *store);

/* ---- plans ---- */

/* Imports a plan document (JSON). warnings_out, when not NULL, receives a JSON
 * array of the warnings ({"path", "message"}), freed with kh_free. */
KH_EXTERN kh_status kh_plan_import_json(char **warnings_out, kh_store *store, const char *json, size_t len);
/* Imports `count` plan documents in one transaction: all or none. An error in
 * document i names it (kh_last_error_path "/i/..."); warnings_out, when not
 * NULL, receives the warnings of all of them, paths from "/i". */
KH_EXTERN kh_status kh_plans_import_json(char **warnings_out, kh_store *store, const char *const *documents,
                                         const size_t *lengths, size_t count);
/* The plan document as imported. */
KH_EXTERN kh_status kh_plan_export_json(char **out, size_t *len_out, kh_store *store, const char *plan_id);
/* A JSON array of every plan id. */
KH_EXTERN kh_status kh_plan_ids_json(char **out, size_t *len_out, kh_store *store);
/* Reads and validates a plan document without a store. KH_OK when it is
 * valid (warnings_out as for kh_plan_import_json); KH_E_PARSE or
 * KH_E_VALIDATION (kh_last_error_path() names the field) otherwise. */
KH_EXTERN kh_status kh_plan_validate_json(char **warnings_out, const char *json, size_t len);
/* Removes a plan while nothing was recorded under it (KH_E_CONFLICT, naming
 * what is recorded, otherwise; KH_E_NOT_FOUND when there is none). */
KH_EXTERN kh_status kh_plan_remove(kh_store *store, const char *plan_id);
/* A plan's place in the cascade of plans, as JSON {"plan", "parents",
 * "parents_elsewhere", "children", "replaces", "replaces_elsewhere",
 * "replaced_by"} (ids; docs/plan-document.md). */
KH_EXTERN kh_status kh_plan_cascade_json(char **out, size_t *len_out, kh_store *store, const char *plan_id);
/* Records a changed text of a stored plan (a plan document of the same id)
 * as its next revision, amended by the document `amendment_json` describes:
 * {"number", "date", "issuer", "in_force_from"?} (in force from its date when
 * not given). *revision_out (when not NULL) is the revision made. An
 * amendment recorded already, with the same text, changes nothing and gives
 * its revision. KH_E_NOT_FOUND when no plan has the id; KH_E_CONFLICT
 * (nothing written) when the unit changes, the number amended the plan
 * already, the text is unchanged, an agency of it has the id of one a
 * succession brought in, the text drops an item records refer to or no
 * longer fits a recorded agency succession; KH_E_VALIDATION naming the field (/amendment/... for the amending
 * document); KH_E_VERSION below schema 12 (docs/plan-document.md, "Revisions"). */
KH_EXTERN kh_status kh_plan_amend_json(int32_t *revision_out, kh_store *store, const char *json, size_t len,
                                       const char *amendment_json);
/* A plan's revisions, oldest first, as a JSON array of {"plan", "revision",
 * "in_force_from", "amendment": null | {"number", "date", "issuer",
 * "in_force_from"}}. KH_E_NOT_FOUND for an unknown plan. */
KH_EXTERN kh_status kh_plan_history_json(char **out, size_t *len_out, kh_store *store, const char *plan_id);
/* The plan document of revision `revision` of a plan (KH_E_NOT_FOUND when
 * the plan or the revision is not there). */
KH_EXTERN kh_status kh_plan_revision_json(char **out, size_t *len_out, kh_store *store, const char *plan_id,
                                          int32_t revision);
/* The changes from revision `from` to revision `to` of a plan, as JSON
 * {"plan", "from", "to", "changes": [{"kind", "id", "change", "fields"}]}. */
KH_EXTERN kh_status kh_plan_diff_json(char **out, size_t *len_out, kh_store *store, const char *plan_id, int32_t from,
                                      int32_t to);
/* Every administrative unit the store knows, by code: a JSON array of units in
 * the shape of a plan document's "units". */
KH_EXTERN kh_status kh_units_json(char **out, size_t *len_out, kh_store *store);
/* Records unit versions and the successions between them, from CSV, in one
 * transaction: all or none (docs/data-model.md, "Units over time").
 * versions_csv has the columns code, name, level, parent, valid_from,
 * valid_to; successions_csv (NULL or "" for none) old_code, new_code, date,
 * share. KH_E_PARSE names the file, line and column; KH_E_VALIDATION names
 * /versions/i/field or /successions/j/field (kh_last_error_path()). */
KH_EXTERN kh_status kh_units_import_csv(kh_store *store, const char *versions_csv, const char *successions_csv);
/* One unit code's history as JSON: {"code", "versions": [{"name", "level",
 * "parent", "valid_from", "valid_to"}], "predecessors": [{"from", "to",
 * "date", "share"}], "successors": [...]}. KH_E_NOT_FOUND for an unknown code. */
KH_EXTERN kh_status kh_unit_history_json(char **out, size_t *len_out, kh_store *store, const char *code);
/* Every succession of the register: a JSON array of {"from", "to", "date",
 * "share"}, by from, date and to. */
KH_EXTERN kh_status kh_successions_json(char **out, size_t *len_out, kh_store *store);
/* The units as they were on a day (ISO date): every version valid on it, a
 * JSON array of {"code", "name", "level", "parent", "valid_from",
 * "valid_to"}, by level and code. */
KH_EXTERN kh_status kh_units_on_json(char **out, size_t *len_out, kh_store *store, const char *day);

/* Records that agencies of plans ended and their obligations passed to
 * successors, from a document {"format": "kehoach-agency-successions",
 * "format_version": 1, "successions": [{"plan_id", "agency_id", "date", "to":
 * [{"agency_id", "tasks", "duties"}], "joining": [agency], "basis"}]}, in one
 * transaction: all or none (docs/data-model.md, "Agencies over time").
 * KH_E_VALIDATION names /successions/i/field (kh_last_error_path()). */
KH_EXTERN kh_status kh_agency_successions_record_json(kh_store *store, const char *json, size_t len);
/* The agency successions of a plan, in the order recorded, as such a
 * document. KH_E_NOT_FOUND for an unknown plan. */
KH_EXTERN kh_status kh_agency_successions_json(char **out, size_t *len_out, kh_store *store, const char *plan_id);

/* ---- records ---- */

/* Records a records document (observations, task updates, allocations,
 * expenditures, report submissions; docs/records.md) in one transaction. */
KH_EXTERN kh_status kh_records_record_json(kh_store *store, const char *json, size_t len);
/* The observations of one target of a plan, by date: a records document
 * holding only observations (the shape kh_records_record_json reads). */
KH_EXTERN kh_status kh_observations_json(char **out, size_t *len_out, kh_store *store, const char *plan_id,
                                         const char *target_id);
/* Every version of a target's observations (corrected, retracted, holding),
 * by date and then as recorded, as a JSON array of {"plan", "target",
 * "date", "value", ["numerator", "denominator",] "recorded_at",
 * "replaced_at", "retracted"} (docs/records.md, "Corrections").
 * KH_E_NOT_FOUND for an unknown plan or target; KH_E_VERSION below schema 13. */
KH_EXTERN kh_status kh_observation_history_json(char **out, size_t *len_out, kh_store *store, const char *plan_id,
                                                const char *target_id);
/* Every update of a task in the order recorded, as a JSON array of {"plan",
 * "task", "date", "by", "status", ["progress", "completed_on", "note",
 * "occurrence",] "old_status", "old_progress"}: each update as a records
 * document writes it, with the status and progress it replaced.
 * KH_E_NOT_FOUND for an unknown plan or task. */
KH_EXTERN kh_status kh_task_history_json(char **out, size_t *len_out, kh_store *store, const char *plan_id,
                                         const char *task_id);
/* Retracts the observation of a target on a date (YYYY-MM-DD): it no longer
 * counts and stays in the history. KH_E_NOT_FOUND naming the observation when
 * none holds; KH_E_VERSION below schema 13. */
KH_EXTERN kh_status kh_observation_retract(kh_store *store, const char *plan_id, const char *target_id,
                                           const char *date);
/* Every submission under a reporting duty of a plan (held and retracted),
 * by period, reporter and day submitted, as a JSON array of {"plan", "duty",
 * "reporter", "period", "submitted", "recorded_at", "retracted_at"}
 * (docs/records.md, "Corrections"). KH_E_NOT_FOUND for an unknown plan or
 * duty; KH_E_VERSION below schema 14. */
KH_EXTERN kh_status kh_submission_history_json(char **out, size_t *len_out, kh_store *store, const char *plan_id,
                                               const char *duty_id);
/* Retracts a submission recorded by mistake, named by its plan, duty,
 * reporter, period (as a records document writes it: "2026",
 * "2026H1", "2026-01-01/2026-12-31", ...) and day submitted (YYYY-MM-DD): it
 * no longer counts, and stays in the history. KH_E_NOT_FOUND naming the
 * submission when none holds; KH_E_VERSION below schema 14. */
KH_EXTERN kh_status kh_submission_retract(kh_store *store, const char *plan_id, const char *duty_id,
                                          const char *reporter, const char *period, const char *submitted);
/* Every version of a plan's allocations (corrected, retracted, holding), by
 * year, source, agency, task and dated, as a JSON array of {"plan", "year",
 * "source", "agency", "task", "dated", "amount", "recorded_at",
 * "replaced_at", "retracted"} (docs/records.md, "Corrections").
 * KH_E_NOT_FOUND for an unknown plan; KH_E_VERSION below schema 15. */
KH_EXTERN kh_status kh_allocation_history_json(char **out, size_t *len_out, kh_store *store, const char *plan_id);
/* Retracts the allocation that holds for a slice (year, funding source,
 * agency, task or NULL for none) and revision day `dated` (YYYY-MM-DD): it no
 * longer counts, an earlier revision of the slice is in force again, and it
 * stays in the history. KH_E_NOT_FOUND naming the allocation when none
 * holds; KH_E_VERSION below schema 15. */
KH_EXTERN kh_status kh_allocation_retract(kh_store *store, const char *plan_id, int32_t year, const char *source_id,
                                          const char *agency_id, const char *task_id, const char *dated);
/* Every version of a plan's expenditures (corrected, retracted, holding), by
 * date, source, agency, task and voucher, as a JSON array of {"plan", "date",
 * "source", "agency", "task", "amount", ["voucher",] "recorded_at",
 * "replaced_at", "retracted"} (docs/records.md, "Corrections").
 * KH_E_NOT_FOUND for an unknown plan; KH_E_VERSION below schema 16. */
KH_EXTERN kh_status kh_expenditure_history_json(char **out, size_t *len_out, kh_store *store, const char *plan_id);
/* Retracts the payment that holds for a key: its day (YYYY-MM-DD), funding
 * source, agency, task (NULL for none) and voucher number (NULL for none;
 * then `amount`, whole dong, is part of the key, and is not read otherwise).
 * It no longer counts and stays in the history. KH_E_NOT_FOUND naming the
 * payment when none holds; KH_E_VERSION below schema 16. */
KH_EXTERN kh_status kh_expenditure_retract(kh_store *store, const char *plan_id, const char *date, const char *source_id,
                                           const char *agency_id, const char *task_id, const char *voucher,
                                           int64_t amount);
/* Records a status set by hand on a target or task (kind "target" or "task";
 * status a target or task status code), with who, why and when (a date). */
KH_EXTERN kh_status kh_manual_status_set(kh_store *store, const char *plan_id, const char *kind, const char *item_id,
                                         const char *status, const char *reason, const char *by, const char *date);

/* ---- principals and cases ---- */

/* A principal: user id, role ("case_worker", "officer", "auditor"), unit code,
 * and whether it may override missing consent (0/1). */
KH_EXTERN kh_status kh_principal_new(kh_principal **out, const char *id, const char *role, const char *unit,
                                     int32_t can_override_consent);
KH_EXTERN void kh_principal_free(kh_principal *principal);

/* Imports cases (format "json" or "csv"); count_out (may be NULL) receives how many. */
KH_EXTERN kh_status kh_cases_import(size_t *count_out, kh_store *store, const kh_principal *principal, const char *data,
                                    size_t len, const char *format);
/* The cases of a unit's subtree for a period (e.g. "2025"), as "json" or "csv". */
KH_EXTERN kh_status kh_cases_export(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                    const char *unit, const char *period, const char *format);
/* One case of the principal's subtree, as a cases document holding it. unit
 * may be NULL: then the code is looked for in the subtree (KH_E_INVALID_ARGUMENT
 * when two of its units use it). A case the principal may not see is
 * KH_E_NOT_FOUND, like one that does not exist. Audited. */
KH_EXTERN kh_status kh_case_load_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                      const char *unit, const char *code);
/* Replaces a recorded case: a cases document holding exactly that one case
 * (services, measures and referrals added since). Audited. */
KH_EXTERN kh_status kh_case_update_json(kh_store *store, const kh_principal *principal, const char *json, size_t len);
/* The version of the one case of a cases document (as kh_case_load_json
 * gives it): 64 hex digits and a NUL into version_out (65 bytes). */
KH_EXTERN kh_status kh_case_version(char *version_out, size_t version_size, const char *json, size_t len);
/* kh_case_update_json checked against the version read: KH_E_CONFLICT, nothing
 * written, when the case changed since (expected_version NULL: unchecked).
 * version_out (65 bytes, may be NULL) receives the new version. */
KH_EXTERN kh_status kh_case_update_checked_json(char *version_out, size_t version_size, kh_store *store,
                                                const kh_principal *principal, const char *json, size_t len,
                                                const char *expected_version);
/* Closes an open case on closed_on (an ISO or dd/mm/yyyy date), unit NULL as
 * for kh_case_load_json: KH_E_CONFLICT when it is closed already or changed
 * since expected_version (NULL: unchecked), KH_E_VALIDATION for a date before
 * its intake or in the future. version_out as above. Audited (case.close). */
KH_EXTERN kh_status kh_case_close(char *version_out, size_t version_size, kh_store *store, const kh_principal *principal,
                                  const char *unit, const char *code, const char *closed_on,
                                  const char *expected_version);
/* Reopens a closed case: KH_E_CONFLICT when it is open or changed since
 * expected_version. Audited (case.reopen). */
KH_EXTERN kh_status kh_case_reopen(char *version_out, size_t version_size, kh_store *store, const kh_principal *principal,
                                   const char *unit, const char *code, const char *expected_version);
/* A page of the cases of unit's subtree, by intake date, unit and code, as
 * JSON {"cases": [{"unit", "code", "intake_date", "status", "closed_on",
 * }], "next": "…" or null}. intake (a period), status ("open" or
 * "closed") and after (the "next" of the page before) may be NULL; limit 0
 * means 100 (at most 1000). Audited (case.list). */
KH_EXTERN kh_status kh_case_list_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                      const char *unit, const char *intake, const char *status, const char *after,
                                      size_t limit);

/* ---- metrics ---- */

/* Every metric of a plan as of a date, as JSON (docs/metrics.md). */
KH_EXTERN kh_status kh_metrics_plan_json(char **out, size_t *len_out, kh_store *store, const char *plan_id,
                                         const char *as_of, const kh_metrics_options *options);
/* Every target of a plan as of a date, as CSV: one row per target (plan,
 * as_of, target, item, indicator, actual, expected, status, attainment). */
KH_EXTERN kh_status kh_metrics_plan_csv(char **out, size_t *len_out, kh_store *store, const char *plan_id,
                                        const char *as_of, const kh_metrics_options *options);
/* The plans of a unit's subtree and their roll-up, as JSON. */
KH_EXTERN kh_status kh_metrics_unit_json(char **out, size_t *len_out, kh_store *store, const char *unit,
                                         const char *as_of, const kh_metrics_options *options);
/* The reporting of every plan of a unit's subtree as of a date (expected,
   received, on time, by unit), as JSON; from the expected reports the store
   keeps at write time, without computing the plans' other metrics. */
KH_EXTERN kh_status kh_metrics_reporting_rollup_json(char **out, size_t *len_out, kh_store *store, const char *unit,
                                                     const char *as_of);
/* kh_metrics_unit_json and kh_metrics_reporting_rollup_json by the units as
 * they were on `boundaries` (an ISO date; docs/data-model.md, decision 0021):
 * each plan counts in the unit valid that day that holds its unit as the
 * plan named it. KH_E_NOT_FOUND when `unit` has no version valid that day. */
KH_EXTERN kh_status kh_metrics_unit_on_json(char **out, size_t *len_out, kh_store *store, const char *unit,
                                            const char *as_of, const char *boundaries,
                                            const kh_metrics_options *options);
KH_EXTERN kh_status kh_metrics_reporting_rollup_on_json(char **out, size_t *len_out, kh_store *store,
                                                        const char *unit, const char *as_of, const char *boundaries);
/* Case indicators of a unit's subtree for a period, as JSON (disclosure
 * control applies unless the principal is a case worker of the unit). */
KH_EXTERN kh_status kh_case_indicators_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                            const char *unit, const char *period, const char *as_of,
                                            const kh_metrics_options *options);
/* kh_case_indicators_json by the units as they were on `boundaries` (an ISO
 * date; docs/cases.md, decision 0021): `unit` is a unit valid that day, within
 * the principal's unit today; every principal gets released numbers from the
 * sealed family of its unit (closed years only). KH_E_NOT_FOUND when `unit` has
 * no version valid that day; KH_E_PERMISSION when it reaches beyond the
 * principal's unit. */
KH_EXTERN kh_status kh_case_indicators_on_json(char **out, size_t *len_out, kh_store *store,
                                               const kh_principal *principal, const char *unit, const char *period,
                                               const char *as_of, const char *boundaries,
                                               const kh_metrics_options *options);

/* ---- aggregate report packages and the audit trail ---- */

KH_EXTERN kh_status kh_package_export_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                           const char *unit, const char *period, const char *as_of,
                                           const kh_metrics_options *options);
KH_EXTERN kh_status kh_package_import_json(kh_store *store, const kh_principal *principal, const char *json, size_t len);
/* The indicators of the packages imported from the units of `unit`'s subtree
 * for `period`, rolled up (counts, numerators and denominators add up; a
 * cell withheld below makes the result "incomplete"; disclosure control
 * applies again), as the JSON of kh_case_indicators_json. A threshold k
 * below 1 is KH_E_INVALID_ARGUMENT. */
KH_EXTERN kh_status kh_package_rollup_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                           const char *unit, const char *period, const kh_metrics_options *options);
/* kh_package_rollup_json by the units as they were on `boundaries` (an ISO
 * date; docs/cases.md, decision 0021): a package counts where its unit, dated
 * in its period, falls that day (a divided unit's package at the lowest
 * common ancestor of what it became). KH_E_NOT_FOUND when `unit` has no version
 * valid that day; KH_E_PERMISSION when it reaches beyond the principal's unit. */
KH_EXTERN kh_status kh_package_rollup_on_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                              const char *unit, const char *period, const char *boundaries,
                                              const kh_metrics_options *options);
/* Verifies the audit trail's hash chain: *intact_out is 1 or 0, and
 * *first_broken_out the sequence number of the first broken entry (0 when intact). */
KH_EXTERN kh_status kh_audit_verify(int32_t *intact_out, int64_t *first_broken_out, kh_store *store,
                                    const kh_principal *principal);
/* Verifies the audit trail like kh_audit_verify and gives the checkpoint a
 * portal keeps outside the store to detect a trail cut off at its end or
 * rewritten: *entries_out the number of entries, and head_out (65 bytes: 64
 * hex digits and a NUL) the hash of the last entry (64 zeros when there is
 * none). Compare both with the last checkpoint kept. */
KH_EXTERN kh_status kh_audit_verify_checkpoint(int32_t *intact_out, int64_t *first_broken_out, int64_t *entries_out,
                                               char *head_out, size_t head_size, kh_store *store,
                                               const kh_principal *principal);

/* *read_only_out is 1 when the store refuses writes: opened read-only, or
 * found on a read-only file system (then opened read-only whatever was asked;
 * every write fails with KH_E_IO saying so), else 0. */
KH_EXTERN kh_status kh_store_is_read_only(int32_t *read_only_out, kh_store *store);
/* Sets the portal's key for the audit trail (len >= 16 bytes, kept outside
 * the store; len 0 clears it): every entry this handle appends carries an
 * HMAC-SHA256 of its hash, and kh_audit_verify* check them from the first
 * keyed entry on, so a chain rewritten without the key is detected. */
KH_EXTERN kh_status kh_store_set_audit_key(kh_store *store, const void *key, size_t len);
/* Checks the store (auditors only; audited): SQLite's own checks, the audit
 * chain, that every case equals its last audited content, and that the case
 * cells equal a rebuild from the cases. The report as JSON (docs/cases.md):
 * {"intact", "cases_checked", "cells_checked", "audit": {...},
 *  "problems": [{"kind", "record", "detail"}]}. Nothing is repaired. */
KH_EXTERN kh_status kh_integrity_check_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal);
/* Copies the whole store into the empty store at `destination` — a file
 * path or a PostgreSQL URI, whichever engine this one is; made when missing
 * — then reads it back and checks it equal (auditors only; audited: the
 * entry "store.copy" goes into this store's trail first, so the copy carries
 * it). All or nothing: on failure the destination holds nothing of it.
 * KH_E_INVALID_ARGUMENT when the destination already holds data;
 * KH_E_CORRUPT when this store's audit trail does not verify. The report as
 * JSON: {"destination", "units", "plans", "records", "cases",
 * "audit_entries", "packages", "equal": true} (docs/store.md). */
KH_EXTERN kh_status kh_store_copy_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal,
                                       const char *destination);
/* The audit trail (auditors only), as a JSON array of {"seq", "at",
 * "principal", "role", "action", "detail", "prev_hash", "hash"}. */
KH_EXTERN kh_status kh_audit_trail_json(char **out, size_t *len_out, kh_store *store, const kh_principal *principal);

#ifdef __cplusplus
}
#endif

#endif /* KEHOACH_H */
