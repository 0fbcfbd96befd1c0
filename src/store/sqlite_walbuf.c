#include "store/sqlite_walbuf.h"

#include "base/alloc.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A batch of 512 creates changes a few hundred pages; past this the buffer
 * is written out and started again. */
#define WALBUF_MAX ((size_t)8 << 20)
#define WRITE_CHUNK ((size_t)SQLITE_UNIX_MAX_WRITE)

struct wb_file {
    sqlite3_file base; /* pMethods: ours */
    sqlite3_file *real; /* the default VFS's file, in the same allocation */
    bool wal;
    unsigned char *buf; /* bytes for [off, off + len) of the file */
    size_t len, cap;
    sqlite3_int64 off;
    struct wb_file *next_pending; /* this thread's files with bytes buffered */
    bool pending;
};

static sqlite3_vfs *real_vfs;

/* Buffered bytes belong to the thread that writes the transaction: SQLite
 * publishes them (shared-memory barrier, lock release) on that thread. */
static _Thread_local struct wb_file *pending_files;

static struct wb_file *wb(sqlite3_file *f)
{
    return (struct wb_file *)f;
}

static const struct sqlite3_io_methods *io(struct wb_file *f)
{
    return f->real->pMethods;
}

static void unlink_pending(struct wb_file *f)
{
    for (struct wb_file **p = &pending_files; *p; p = &(*p)->next_pending)
        if (*p == f) {
            *p = f->next_pending;
            break;
        }
    f->pending = false;
    f->next_pending = NULL;
}

static int flush(struct wb_file *f)
{
    int rc = SQLITE_OK;
    for (size_t done = 0; done < f->len && rc == SQLITE_OK; done += WRITE_CHUNK) {
        size_t n = f->len - done < WRITE_CHUNK ? f->len - done : WRITE_CHUNK;
        rc = io(f)->xWrite(f->real, f->buf + done, (int)n, f->off + (sqlite3_int64)done);
    }
    f->len = 0;
    if (f->pending)
        unlink_pending(f);
    return rc;
}

static int flush_thread(void)
{
    int rc = SQLITE_OK;
    while (pending_files) {
        int r = flush(pending_files); /* unlinks it */
        if (r != SQLITE_OK)
            rc = r;
    }
    return rc;
}

static int wb_write(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset)
{
    struct wb_file *f = wb(file);
    if (!f->wal)
        return io(f)->xWrite(f->real, data, amount, offset);
    size_t n = (size_t)amount;
    if (f->len && (offset != f->off + (sqlite3_int64)f->len || f->len + n > WALBUF_MAX)) {
        int rc = flush(f);
        if (rc != SQLITE_OK)
            return rc;
    }
    if (n > WRITE_CHUNK)
        return io(f)->xWrite(f->real, data, amount, offset);
    if (!f->len)
        f->off = offset;
    if (f->len + n > f->cap) {
        f->cap = f->cap ? f->cap : 64 * 1024;
        while (f->cap < f->len + n)
            f->cap *= 2;
        f->buf = nt_realloc(f->buf, f->cap);
    }
    memcpy(f->buf + f->len, data, n);
    f->len += n;
    if (!f->pending) {
        f->pending = true;
        f->next_pending = pending_files;
        pending_files = f;
    }
    return SQLITE_OK;
}

/* ---- The log's own reads and size see the buffered bytes on disk ---- */

static int wb_close(sqlite3_file *file)
{
    struct wb_file *f = wb(file);
    int rc = flush(f);
    int closed = io(f)->xClose(f->real);
    free(f->buf);
    f->buf = NULL;
    return rc != SQLITE_OK ? rc : closed;
}

static int wb_read(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset)
{
    struct wb_file *f = wb(file);
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : io(f)->xRead(f->real, data, amount, offset);
}

static int wb_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    struct wb_file *f = wb(file);
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : io(f)->xTruncate(f->real, size);
}

static int wb_sync(sqlite3_file *file, int flags)
{
    struct wb_file *f = wb(file);
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : io(f)->xSync(f->real, flags);
}

static int wb_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
    struct wb_file *f = wb(file);
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : io(f)->xFileSize(f->real, size);
}

static int wb_file_control(sqlite3_file *file, int op, void *arg)
{
    struct wb_file *f = wb(file);
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : io(f)->xFileControl(f->real, op, arg);
}

/* ---- Publishing frames to other connections goes through shared memory ---- */

static int wb_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
    if (io(wb(file))->iVersion < 2)
        return SQLITE_IOERR_SHMLOCK;
    int rc = flush_thread();
    return rc != SQLITE_OK ? rc : io(wb(file))->xShmLock(wb(file)->real, offset, n, flags);
}

static void wb_shm_barrier(sqlite3_file *file)
{
    /* no way to report an error here: a failed write shows at the sync */
    (void)flush_thread();
    if (io(wb(file))->iVersion >= 2)
        io(wb(file))->xShmBarrier(wb(file)->real);
}

/* ---- The rest passes through ---- */

static int wb_lock(sqlite3_file *file, int level)
{
    return io(wb(file))->xLock(wb(file)->real, level);
}

static int wb_unlock(sqlite3_file *file, int level)
{
    return io(wb(file))->xUnlock(wb(file)->real, level);
}

static int wb_check_reserved(sqlite3_file *file, int *out)
{
    return io(wb(file))->xCheckReservedLock(wb(file)->real, out);
}

static int wb_sector_size(sqlite3_file *file)
{
    return io(wb(file))->xSectorSize(wb(file)->real);
}

static int wb_device_characteristics(sqlite3_file *file)
{
    return io(wb(file))->xDeviceCharacteristics(wb(file)->real);
}

static int wb_shm_map(sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
    if (io(wb(file))->iVersion < 2)
        return SQLITE_IOERR_SHMMAP;
    return io(wb(file))->xShmMap(wb(file)->real, region, size, extend, out);
}

static int wb_shm_unmap(sqlite3_file *file, int delete_flag)
{
    if (io(wb(file))->iVersion < 2)
        return SQLITE_OK;
    return io(wb(file))->xShmUnmap(wb(file)->real, delete_flag);
}

static int wb_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
    struct wb_file *f = wb(file);
    *out = NULL; /* SQLite then reads the page instead */
    int rc = flush(f);
    if (rc != SQLITE_OK || io(f)->iVersion < 3)
        return rc;
    return io(f)->xFetch(f->real, offset, amount, out);
}

static int wb_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page)
{
    if (io(wb(file))->iVersion < 3)
        return SQLITE_OK;
    return io(wb(file))->xUnfetch(wb(file)->real, offset, page);
}

static const sqlite3_io_methods wb_methods = {
    .iVersion = 3,
    .xClose = wb_close,
    .xRead = wb_read,
    .xWrite = wb_write,
    .xTruncate = wb_truncate,
    .xSync = wb_sync,
    .xFileSize = wb_file_size,
    .xLock = wb_lock,
    .xUnlock = wb_unlock,
    .xCheckReservedLock = wb_check_reserved,
    .xFileControl = wb_file_control,
    .xSectorSize = wb_sector_size,
    .xDeviceCharacteristics = wb_device_characteristics,
    .xShmMap = wb_shm_map,
    .xShmLock = wb_shm_lock,
    .xShmBarrier = wb_shm_barrier,
    .xShmUnmap = wb_shm_unmap,
    .xFetch = wb_fetch,
    .xUnfetch = wb_unfetch,
};

/* ---- The VFS: opens wrap the default VFS's files ---- */

static int wb_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                   int *out_flags)
{
    (void)vfs;
    struct wb_file *f = wb(file);
    memset(f, 0, sizeof(*f));
    f->real = (sqlite3_file *)(f + 1);
    int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
    if (!f->real->pMethods) {
        file->pMethods = NULL;
        return rc;
    }
    f->wal = (flags & SQLITE_OPEN_WAL) != 0;
    file->pMethods = &wb_methods;
    return rc;
}

static int wb_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int wb_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int wb_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *wb_dl_open(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return real_vfs->xDlOpen(real_vfs, name);
}

static void wb_dl_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    real_vfs->xDlError(real_vfs, n, out);
}

static void (*wb_dl_sym(sqlite3_vfs *vfs, void *handle, const char *sym))(void)
{
    (void)vfs;
    return real_vfs->xDlSym(real_vfs, handle, sym);
}

static void wb_dl_close(sqlite3_vfs *vfs, void *handle)
{
    (void)vfs;
    real_vfs->xDlClose(real_vfs, handle);
}

static int wb_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real_vfs->xRandomness(real_vfs, n, out);
}

static int wb_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return real_vfs->xSleep(real_vfs, us);
}

static int wb_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return real_vfs->xCurrentTime(real_vfs, out);
}

static int wb_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real_vfs->xGetLastError(real_vfs, n, out);
}

static int wb_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs wb_vfs = {
    .iVersion = 2,
    .mxPathname = 0, /* set from the default VFS */
    .zName = SQLITE_WALBUF_VFS,
    .xOpen = wb_open,
    .xDelete = wb_delete,
    .xAccess = wb_access,
    .xFullPathname = wb_full_pathname,
    .xDlOpen = wb_dl_open,
    .xDlError = wb_dl_error,
    .xDlSym = wb_dl_sym,
    .xDlClose = wb_dl_close,
    .xRandomness = wb_randomness,
    .xSleep = wb_sleep,
    .xCurrentTime = wb_current_time,
    .xGetLastError = wb_last_error,
    .xCurrentTimeInt64 = wb_current_time64,
};

int sqlite_walbuf_register(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    if (!real_vfs || real_vfs->iVersion < 2)
        return SQLITE_ERROR;
    wb_vfs.szOsFile = (int)sizeof(struct wb_file) + real_vfs->szOsFile;
    wb_vfs.mxPathname = real_vfs->mxPathname;
    return sqlite3_vfs_register(&wb_vfs, 0);
}
