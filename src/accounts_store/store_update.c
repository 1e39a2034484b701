/* Loading the database, and the locked read-modify-write update. */
#include "accounts_store.h"

static void clear_error(lsa_store_error *err)
{
    if (err) {
        ZeroMemory(err, sizeof(*err));
    }
}

static lsa_store_status fail(lsa_store_error *err, lsa_store_status st)
{
    if (err)
        err->status = st;
    return st;
}

/* Reads and parses; *version (may be NULL) gets the version read. */
static lsa_store_status load(const WCHAR *path, lsa_accounts_db **db, lsa_store_version *version,
                             lsa_store_error *err)
{
    lsa_store_version seen;
    char *text;
    size_t len;
    lsa_store_status st;
    lsa_accounts_status parsed;

    *db = NULL;
    st = lsa_store_read(path, &text, &len, &seen, &err->win32);
    if (st != LSA_STORE_OK)
        return fail(err, st);
    parsed = lsa_accounts_parse(text, len, db, &err->parse);
    lsa_store_free_text(text, len);
    if (parsed == LSA_ACCOUNTS_NOMEM)
        return fail(err, LSA_STORE_NOMEM);
    if (parsed != LSA_ACCOUNTS_OK)
        return fail(err, LSA_STORE_PARSE);
    if (version)
        *version = seen;
    return LSA_STORE_OK;
}

lsa_store_status lsa_store_load(const WCHAR *path, lsa_accounts_db **db, lsa_store_error *err)
{
    lsa_store_error local;

    if (!err)
        err = &local;
    clear_error(err);
    return load(path, db, NULL, err);
}

/* Everything between taking the lock and giving it back. */
static lsa_store_status locked_update(const WCHAR *path, lsa_store_mutate_fn mutate, void *context,
                                      lsa_store_error *err)
{
    lsa_store_version version;
    lsa_accounts_db *db;
    lsa_store_status st = load(path, &db, &version, err);
    lsa_accounts_status formatted;
    char *text;
    size_t len;
    int verdict;

    if (st != LSA_STORE_OK)
        return st;
    verdict = mutate(db, context);
    if (verdict == LSA_STORE_KEEP || verdict != LSA_STORE_WRITE) {
        lsa_accounts_free(db);
        if (verdict == LSA_STORE_KEEP)
            return LSA_STORE_OK;
        err->callback = verdict;
        return fail(err, LSA_STORE_CALLBACK);
    }
    formatted = lsa_accounts_format(db, &text, &len);
    lsa_accounts_free(db);
    if (formatted != LSA_ACCOUNTS_OK) {
        err->parse.status = formatted;
        return fail(err, formatted == LSA_ACCOUNTS_NOMEM ? LSA_STORE_NOMEM : LSA_STORE_FORMAT);
    }
    st = lsa_store_write(path, text, len, &version, NULL, &err->win32);
    lsa_accounts_format_free(text, len);
    return fail(err, st);
}

lsa_store_status lsa_store_update(const WCHAR *path, lsa_store_mutate_fn mutate, void *context, lsa_store_error *err)
{
    lsa_store_error local;
    lsa_store_status st;
    HANDLE lock;

    if (!err)
        err = &local;
    clear_error(err);
    st = lsa_store_lock(path, &lock, &err->win32);
    if (st != LSA_STORE_OK)
        return fail(err, st);
    st = locked_update(path, mutate, context, err);
    lsa_store_unlock(lock);
    return st;
}

const char *lsa_store_status_name(lsa_store_status status)
{
    switch (status) {
    case LSA_STORE_OK: return "ok";
    case LSA_STORE_NOMEM: return "out of memory";
    case LSA_STORE_IO: return "file error";
    case LSA_STORE_PARSE: return "malformed accounts file";
    case LSA_STORE_LOCKED: return "accounts file locked by another writer";
    case LSA_STORE_CALLBACK: return "update refused";
    case LSA_STORE_FORMAT: return "database cannot be written";
    }
    return "unknown store status";
}
