#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include "CFileSystem.h"

int cfs_renameat_noreplace(int fromFolder, const char *from, int toFolder, const char *to) {
    return renameat2(fromFolder, from, toFolder, to, RENAME_NOREPLACE);
}

void cfs_ignore_lease_breaks(void) {
    signal(SIGIO, SIG_IGN);
}
