// rolo_nfc, rolo_fold, rolo_tagkey, rolo_e164, rolo_urllabel and
// rolo_vcardextra: SQL functions that put text in the form rolo stores and
// matches, for migrations and the search index to apply to what is already
// stored. The work is Go's (textfunc.go); text that is all ASCII, which
// rolo_nfc and rolo_fold leave as it is and rolo_tagkey only lower-cases,
// never leaves C, but for the others, which change ASCII text too.

#include <stdint.h>
#include <stdlib.h>

#include "_cgo_export.h"

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_api_routines sqlite3_api_routines;

// From sqlite3.h, as github.com/mattn/go-sqlite3's SQLite defines them.
enum {
	ROLO_SQLITE_UTF8 = 1,
	ROLO_SQLITE_TEXT = 3,
	ROLO_SQLITE_DETERMINISTIC = 0x000000800,
	ROLO_SQLITE_INNOCUOUS = 0x000200000,
};

extern int sqlite3_auto_extension(void (*)(void));
extern int sqlite3_create_function_v2(sqlite3 *, const char *, int, int, void *,
                                      void (*)(sqlite3_context *, int, sqlite3_value **),
                                      void (*)(sqlite3_context *, int, sqlite3_value **),
                                      void (*)(sqlite3_context *), void (*)(void *));
extern void *sqlite3_user_data(sqlite3_context *);
extern int sqlite3_value_type(sqlite3_value *);
extern const unsigned char *sqlite3_value_text(sqlite3_value *);
extern int sqlite3_value_bytes(sqlite3_value *);
extern void sqlite3_result_value(sqlite3_context *, sqlite3_value *);
extern void sqlite3_result_text(sqlite3_context *, const char *, int, void (*)(void *));
extern void sqlite3_result_error_nomem(sqlite3_context *);

static void rolo_text(sqlite3_context *ctx, int nArg, sqlite3_value **args) {
	int which = (int)(intptr_t)sqlite3_user_data(ctx);
	const unsigned char *p;
	int n, outLen = 0, i;
	char *out;
	(void)nArg;
	if (sqlite3_value_type(args[0]) != ROLO_SQLITE_TEXT) {
		sqlite3_result_value(ctx, args[0]);
		return;
	}
	p = sqlite3_value_text(args[0]);
	n = sqlite3_value_bytes(args[0]);
	for (i = 0; i < n && p[i] < 0x80; i++) {
	}
	if (i == n && which == ROLO_TEXT_TAGKEY) {
		// As contact.TagKey: ASCII in lower case (trimmed of spaces,
		// which stored tags never have).
		out = malloc(n > 0 ? n : 1);
		if (out == 0) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		for (i = 0; i < n; i++) out[i] = p[i] >= 'A' && p[i] <= 'Z' ? p[i] + ('a' - 'A') : p[i];
		sqlite3_result_text(ctx, out, n, free);
		return;
	}
	if (i == n && (which == ROLO_TEXT_NFC || which == ROLO_TEXT_FOLD)) {
		sqlite3_result_value(ctx, args[0]);
		return;
	}
	out = roloText(which, (char *)p, n, &outLen);
	if (out == 0) {
		sqlite3_result_value(ctx, args[0]);
		return;
	}
	sqlite3_result_text(ctx, out, outLen, free);
}

static int rolo_text_register(sqlite3 *db, char **errmsg, const sqlite3_api_routines *unused) {
	static const struct {
		const char *name;
		int which;
	} fns[] = {{"rolo_nfc", ROLO_TEXT_NFC}, {"rolo_fold", ROLO_TEXT_FOLD}, {"rolo_tagkey", ROLO_TEXT_TAGKEY},
	                {"rolo_e164", ROLO_TEXT_E164}, {"rolo_urllabel", ROLO_TEXT_URLLABEL},
	                {"rolo_vcardextra", ROLO_TEXT_VCARDEXTRA}};
	int flags = ROLO_SQLITE_UTF8 | ROLO_SQLITE_DETERMINISTIC | ROLO_SQLITE_INNOCUOUS;
	(void)errmsg;
	(void)unused;
	for (unsigned i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		int rc = sqlite3_create_function_v2(db, fns[i].name, 1, flags, (void *)(intptr_t)fns[i].which,
		                                    rolo_text, 0, 0, 0);
		if (rc != 0) return rc;
	}
	return 0;
}

int rolo_text_init(void) {
	return sqlite3_auto_extension((void (*)(void))rolo_text_register);
}
