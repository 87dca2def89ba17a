#ifndef SQLITE_FAULT_VFS_H
#define SQLITE_FAULT_VFS_H

/// A SQLite VFS that wraps the default one and can make writes fail, for tests that need a
/// full or read-only disk without mounting a file system.
///
/// `fault_vfs_create` registers a VFS under `name` (not as the default) and returns a handle;
/// a connection opened with that VFS name behaves exactly like the default one until
/// `fault_vfs_fail` arms a fault. From then on, after `after_writes` more successful writes,
/// every xWrite, xTruncate and xSync answers `sqlite_code` and the VFS reports `system_errno`
/// (e.g. SQLITE_FULL with ENOSPC, SQLITE_IOERR_WRITE with EROFS) until `fault_vfs_heal`.
/// Safe to arm and heal from any thread. Returns NULL if `name` is taken or memory is short.
typedef struct FaultVFS FaultVFS;

FaultVFS *fault_vfs_create(const char *name);
void fault_vfs_fail(FaultVFS *vfs, int sqlite_code, int system_errno, int after_writes);
void fault_vfs_heal(FaultVFS *vfs);
/// How many writes the fault has refused since it was armed.
long fault_vfs_refused(FaultVFS *vfs);

#endif
