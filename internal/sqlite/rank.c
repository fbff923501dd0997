// rolo_rank: search's relevance, an FTS5 auxiliary function that SQLite
// adds to every connection the process opens once the store has been
// opened (see registerRank in rank.go).
//
// FTS5's own bm25 normalises each match by the document's length and
// weighs each term by how many documents hold it. Both cost reads: the
// length is a lookup in the index's docsize table for every matching
// contact (10,000 lookups for a common four-letter prefix in a million
// contacts), and the document count walks the term's whole entry once per
// query. For contact records, short and of much the same length, neither
// says much. rolo_rank uses only what the match itself carries, the
// column of each hit.
//
// rolo writes every word or phrase of a query as a pair of FTS5 phrases,
// the whole word and its prefix ("smith" OR "smith"*: wholeOrPrefix in
// query.go): phrases 2k and 2k+1 are one term. A word found whole is found
// as a prefix too, at the same place, so the pair is scored once:
//
//   score = sum over the query's terms of the weight of the best column
//           the term hit, plus, to order contacts that tie, a fraction
//           below 1: first the share of the terms found whole in their
//           best column (John Smith before John Smithers), then half a
//           step of that share when the terms were found in the query's
//           order, each one's first hit (by column, first name before
//           last, then place) after the one before's (ada scott: Ada
//           Scott before Scott Ada), then a two-thousandth of the weight
//           of all hits (at most 0.4995), all scaled to stay below one
//           step of that share
//
// and returns it negated, so that ordering by it puts the best first, as
// with bm25. So a word's column counts before whether it was found whole:
// "smith" ranks John Smithers (a last name, 10) above Jane of the company
// Smith (6). The arguments are one weight per column; a column without one
// weighs 1.

#include <stdint.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_api_routines sqlite3_api_routines;
typedef struct Fts5Context Fts5Context;

// The leading members of FTS5's Fts5ExtensionApi and fts5_api, as the
// public header (fts5.h, part of sqlite3.h) declares them; rolo uses no
// others. The symbols come from github.com/mattn/go-sqlite3's SQLite.
typedef struct {
	int iVersion;
	void *(*xUserData)(Fts5Context *);
	int (*xColumnCount)(Fts5Context *);
	int (*xRowCount)(Fts5Context *, int64_t *);
	int (*xColumnTotalSize)(Fts5Context *, int, int64_t *);
	int (*xTokenize)(Fts5Context *, const char *, int, void *,
	                 int (*)(void *, int, const char *, int, int, int));
	int (*xPhraseCount)(Fts5Context *);
	int (*xPhraseSize)(Fts5Context *, int);
	int (*xInstCount)(Fts5Context *, int *);
	int (*xInst)(Fts5Context *, int, int *, int *, int *);
} rolo_fts5_ext;

typedef void (*rolo_fts5_fn)(const rolo_fts5_ext *, Fts5Context *,
                             sqlite3_context *, int, sqlite3_value **);

typedef struct rolo_fts5_api rolo_fts5_api;
struct rolo_fts5_api {
	int iVersion;
	void *xCreateTokenizer;
	void *xFindTokenizer;
	int (*xCreateFunction)(rolo_fts5_api *, const char *, void *,
	                       rolo_fts5_fn, void (*)(void *));
};

extern int sqlite3_auto_extension(void (*)(void));
extern int sqlite3_config(int, ...);
extern int sqlite3_prepare_v2(sqlite3 *, const char *, int, sqlite3_stmt **,
                              const char **);
extern int sqlite3_bind_pointer(sqlite3_stmt *, int, void *, const char *,
                                void (*)(void *));
extern int sqlite3_step(sqlite3_stmt *);
extern int sqlite3_busy_timeout(sqlite3 *, int);
extern int sqlite3_finalize(sqlite3_stmt *);
extern const char *sqlite3_errmsg(sqlite3 *);
extern char *sqlite3_mprintf(const char *, ...);
extern void sqlite3_result_double(sqlite3_context *, double);
extern void sqlite3_result_error_code(sqlite3_context *, int);
extern double sqlite3_value_double(sqlite3_value *);

// MAX_TERMS counts terms, each a pair of phrases.
enum { MAX_COLUMNS = 64, MAX_TERMS = 64 };

static void rolo_rank(const rolo_fts5_ext *api, Fts5Context *fts,
                      sqlite3_context *ctx, int nArg, sqlite3_value **args) {
	double weight[MAX_COLUMNS], best[MAX_TERMS] = {0}, whole[MAX_TERMS] = {0};
	double all = 0, score = 0;
	int64_t first[MAX_TERMS], last = -1;
	int nCol = api->xColumnCount(fts), nPhrase = api->xPhraseCount(fts);
	int nInst = 0, nTerm, nWhole = 0, inOrder = 1, rc;

	if (nCol > MAX_COLUMNS) nCol = MAX_COLUMNS;
	if (nPhrase > 2 * MAX_TERMS) nPhrase = 2 * MAX_TERMS;
	nTerm = (nPhrase + 1) / 2;
	for (int c = 0; c < nCol; c++) {
		weight[c] = c < nArg ? sqlite3_value_double(args[c]) : 1.0;
	}
	for (int t = 0; t < nTerm; t++) first[t] = INT64_MAX;
	if ((rc = api->xInstCount(fts, &nInst)) != 0) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (int i = 0; i < nInst; i++) {
		int phrase, col, offset;
		if ((rc = api->xInst(fts, i, &phrase, &col, &offset)) != 0) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		if (phrase < 0 || phrase >= nPhrase) continue;
		double w = col >= 0 && col < nCol ? weight[col] : 1.0;
		int term = phrase / 2;
		int64_t at = (int64_t)col << 32 | (uint32_t)offset;
		if (at < first[term]) first[term] = at;
		if (w > best[term]) best[term] = w;
		if (phrase % 2 == 0) {
			if (w > whole[term]) whole[term] = w;
			// The prefix's hit at the same place counts it in all.
			if (phrase + 1 < nPhrase) continue;
		}
		all += w;
	}
	for (int t = 0; t < nTerm; t++) {
		score += best[t];
		if (best[t] > 0 && whole[t] == best[t]) nWhole++;
		if (first[t] == INT64_MAX) continue;
		if (first[t] < last) inOrder = 0;
		last = first[t];
	}
	score += (nWhole + 0.5 * inOrder + (all < 999 ? all : 999) / 2000) / (nTerm + 1);
	sqlite3_result_double(ctx, -score);
}

// rolo_rank_register is an auto extension: SQLite calls it for each new
// connection, as the last step of opening it. FTS5 hands out its API
// through SELECT fts5(?1), which reads the database's schema: the first
// read of the file, which fails where the file cannot be read (a -shm file
// that cannot be made on a full disk or in a read-only directory). SQLite
// then fails the open with "automatic extension loading failed: " and the
// message set here, which is the failed statement's own (sqliteMessage
// shows it without that prefix).
static int rolo_rank_register(sqlite3 *db, char **errmsg,
                              const sqlite3_api_routines *unused) {
	rolo_fts5_api *fts5 = 0;
	sqlite3_stmt *stmt = 0;
	int rc;
	(void)unused;
	// Even this statement can find the database locked by another
	// process's write (and fail the open at once): wait as the store does.
	// The driver sets its own timeout once the connection is open.
	sqlite3_busy_timeout(db, 30000);
	rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0);
	if (rc == 0) {
		sqlite3_bind_pointer(stmt, 1, &fts5, "fts5_api_ptr", 0);
		sqlite3_step(stmt);
		rc = sqlite3_finalize(stmt);
	}
	if (rc != 0) {
		*errmsg = sqlite3_mprintf("%s", sqlite3_errmsg(db));
		return rc;
	}
	if (fts5 == 0 || fts5->iVersion < 2) {
		*errmsg = sqlite3_mprintf("rolo_rank: this SQLite has no FTS5");
		return 1; // SQLITE_ERROR
	}
	return fts5->xCreateFunction(fts5, "rolo_rank", 0, rolo_rank, 0);
}

// rolo_rank_init also turns off SQLite's memory statistics, which rolo
// never reads (sqlite3_status, a soft heap limit): with them on, every
// allocation SQLite makes takes a global mutex to count it, 3.6% of the
// CPU samples of an import of 100,000 rows (0.2% without). It must come
// before SQLite is first initialised, which sqlite3_auto_extension does;
// should SQLite have been initialised already, sqlite3_config refuses and
// the statistics stay on.
int rolo_rank_init(void) {
	sqlite3_config(9 /* SQLITE_CONFIG_MEMSTATUS */, 0);
	return sqlite3_auto_extension((void (*)(void))rolo_rank_register);
}
