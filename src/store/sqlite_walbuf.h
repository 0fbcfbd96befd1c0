/* A SQLite VFS over the default one that gathers a connection's appends to
 * its write-ahead log in memory and writes them with one system call when
 * SQLite syncs the log (or needs it on disk for any other reason).
 *
 * SQLite writes every WAL frame as two pwrite calls (the 24-byte frame
 * header, then the page), so a group commit that changes 50 pages made 100
 * system calls; through this VFS it makes one, then the fsync. What reaches
 * the disk, and in which order relative to the sync, is unchanged: the
 * buffer is written before every xSync, xRead, xTruncate, xFileSize and
 * xClose of the log, and before any shared-memory barrier or lock taken on
 * the same thread (which is how SQLite publishes frames to other
 * connections), so no reader can see a frame that is not in the file yet.
 * Files other than WAL files pass straight through. */
#ifndef STORE_SQLITE_WALBUF_H
#define STORE_SQLITE_WALBUF_H

#define SQLITE_WALBUF_VFS "budstikke-walbuf"

/* The longest write to hand the unix VFS in one call: its pwrite takes at
 * most 128 KiB - 1 at a time (it masks the count) and reports a longer
 * write as a full disk. */
#define SQLITE_UNIX_MAX_WRITE (124 << 10)

/* Registers the VFS (not as the default) over the current default VFS.
 * Call once, before connections that name it open; returns a SQLite code. */
int sqlite_walbuf_register(void);

#endif
