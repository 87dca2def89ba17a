#ifndef CFILESYSTEM_H
#define CFILESYSTEM_H

/// Renames `from` (relative to the folder `fromFolder`, or AT_FDCWD) to `to` (relative to
/// `toFolder`) unless `to` exists: renameat2(2) with RENAME_NOREPLACE, which the Swift Glibc
/// module does not expose. Returns 0, or -1 with errno set (EEXIST when `to` is taken; EINVAL
/// or ENOSYS where the file system or kernel lacks the flag).
int cfs_renameat_noreplace(int fromFolder, const char *from, int toFolder, const char *to);

/// Ignores SIGIO for the whole process: the kernel sends it to the holder of a file lease when
/// another process opens the file for writing, and its default action ends the process. With
/// it ignored, that process's open waits until the lease is released (the descriptor closed).
void cfs_ignore_lease_breaks(void);

#endif
