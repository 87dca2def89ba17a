#include "SQLiteFaultVFS.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct FaultVFS {
    sqlite3_vfs base;      /* first, so a sqlite3_vfs* is a FaultVFS* */
    sqlite3_vfs *real;
    int armed;             /* atomics below */
    int code;
    int system_errno;
    long allowance;        /* writes still allowed after arming */
    long refused;
    char name[128];
};

typedef struct FaultFile {
    sqlite3_file base;     /* pMethods = &fault_io_methods */
    FaultVFS *vfs;
    sqlite3_file *real;    /* the wrapped file, allocated right after this struct */
} FaultFile;

static sqlite3_file *real_file(sqlite3_file *file) { return ((FaultFile *)file)->real; }

/* Whether this write is refused: armed and its allowance spent. */
static int refuse(FaultVFS *vfs) {
    if (!__atomic_load_n(&vfs->armed, __ATOMIC_ACQUIRE)) return 0;
    if (__atomic_sub_fetch(&vfs->allowance, 1, __ATOMIC_ACQ_REL) >= 0) return 0;
    __atomic_add_fetch(&vfs->refused, 1, __ATOMIC_ACQ_REL);
    return 1;
}

static int f_close(sqlite3_file *file) {
    sqlite3_file *real = real_file(file);
    int rc = real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
    file->pMethods = NULL;
    return rc;
}
static int f_read(sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xRead(real, buffer, amount, offset);
}
static int f_write(sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset) {
    FaultFile *f = (FaultFile *)file;
    if (refuse(f->vfs)) return __atomic_load_n(&f->vfs->code, __ATOMIC_ACQUIRE);
    return f->real->pMethods->xWrite(f->real, buffer, amount, offset);
}
static int f_truncate(sqlite3_file *file, sqlite3_int64 size) {
    FaultFile *f = (FaultFile *)file;
    if (refuse(f->vfs)) return __atomic_load_n(&f->vfs->code, __ATOMIC_ACQUIRE);
    return f->real->pMethods->xTruncate(f->real, size);
}
static int f_sync(sqlite3_file *file, int flags) {
    FaultFile *f = (FaultFile *)file;
    if (refuse(f->vfs)) return __atomic_load_n(&f->vfs->code, __ATOMIC_ACQUIRE);
    return f->real->pMethods->xSync(f->real, flags);
}
static int f_file_size(sqlite3_file *file, sqlite3_int64 *size) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xFileSize(real, size);
}
static int f_lock(sqlite3_file *file, int level) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xLock(real, level);
}
static int f_unlock(sqlite3_file *file, int level) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xUnlock(real, level);
}
static int f_check_reserved(sqlite3_file *file, int *out) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xCheckReservedLock(real, out);
}
static int f_file_control(sqlite3_file *file, int op, void *arg) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xFileControl(real, op, arg);
}
static int f_sector_size(sqlite3_file *file) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xSectorSize(real);
}
static int f_device_characteristics(sqlite3_file *file) {
    sqlite3_file *real = real_file(file);
    return real->pMethods->xDeviceCharacteristics(real);
}
static int f_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out) {
    sqlite3_file *real = real_file(file);
    if (real->pMethods->iVersion < 2 || !real->pMethods->xShmMap) return SQLITE_IOERR_SHMMAP;
    return real->pMethods->xShmMap(real, page, size, extend, out);
}
static int f_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
    sqlite3_file *real = real_file(file);
    if (real->pMethods->iVersion < 2 || !real->pMethods->xShmLock) return SQLITE_IOERR_SHMLOCK;
    return real->pMethods->xShmLock(real, offset, n, flags);
}
static void f_shm_barrier(sqlite3_file *file) {
    sqlite3_file *real = real_file(file);
    if (real->pMethods->iVersion >= 2 && real->pMethods->xShmBarrier) real->pMethods->xShmBarrier(real);
}
static int f_shm_unmap(sqlite3_file *file, int delete_flag) {
    sqlite3_file *real = real_file(file);
    if (real->pMethods->iVersion < 2 || !real->pMethods->xShmUnmap) return SQLITE_OK;
    return real->pMethods->xShmUnmap(real, delete_flag);
}
/* No memory-mapped reads: every page goes through xRead, so nothing bypasses the wrapper. */
static int f_fetch(sqlite3_file *file, sqlite3_int64 offset, int amount, void **out) {
    (void)file; (void)offset; (void)amount;
    *out = NULL;
    return SQLITE_OK;
}
static int f_unfetch(sqlite3_file *file, sqlite3_int64 offset, void *page) {
    (void)file; (void)offset; (void)page;
    return SQLITE_OK;
}

static const sqlite3_io_methods fault_io_methods = {
    3, f_close, f_read, f_write, f_truncate, f_sync, f_file_size, f_lock, f_unlock,
    f_check_reserved, f_file_control, f_sector_size, f_device_characteristics,
    f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags) {
    FaultVFS *fault = (FaultVFS *)vfs;
    FaultFile *f = (FaultFile *)file;
    f->vfs = fault;
    f->real = (sqlite3_file *)(f + 1);
    memset(f->real, 0, fault->real->szOsFile);
    file->pMethods = NULL;
    int rc = fault->real->xOpen(fault->real, name, f->real, flags, out_flags);
    if (rc == SQLITE_OK && f->real->pMethods) {
        file->pMethods = &fault_io_methods;
    } else if (f->real->pMethods) {
        f->real->pMethods->xClose(f->real);
    }
    return rc;
}
static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
    sqlite3_vfs *real = ((FaultVFS *)vfs)->real;
    return real->xDelete(real, name, sync_dir);
}
static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    sqlite3_vfs *real = ((FaultVFS *)vfs)->real;
    return real->xAccess(real, name, flags, out);
}
static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    sqlite3_vfs *real = ((FaultVFS *)vfs)->real;
    return real->xFullPathname(real, name, size, out);
}
static int v_randomness(sqlite3_vfs *vfs, int size, char *out) {
    sqlite3_vfs *real = ((FaultVFS *)vfs)->real;
    return real->xRandomness(real, size, out);
}
static int v_sleep(sqlite3_vfs *vfs, int microseconds) {
    sqlite3_vfs *real = ((FaultVFS *)vfs)->real;
    return real->xSleep(real, microseconds);
}
static int v_current_time(sqlite3_vfs *vfs, double *out) {
    sqlite3_vfs *real = ((FaultVFS *)vfs)->real;
    return real->xCurrentTime(real, out);
}
static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
    sqlite3_vfs *real = ((FaultVFS *)vfs)->real;
    return real->xCurrentTimeInt64(real, out);
}
static int v_get_last_error(sqlite3_vfs *vfs, int size, char *out) {
    FaultVFS *fault = (FaultVFS *)vfs;
    if (__atomic_load_n(&fault->armed, __ATOMIC_ACQUIRE) && __atomic_load_n(&fault->refused, __ATOMIC_ACQUIRE) > 0) {
        return __atomic_load_n(&fault->system_errno, __ATOMIC_ACQUIRE);
    }
    return fault->real->xGetLastError ? fault->real->xGetLastError(fault->real, size, out) : 0;
}

FaultVFS *fault_vfs_create(const char *name) {
    if (sqlite3_initialize() != SQLITE_OK) return NULL;
    if (name == NULL || strlen(name) >= sizeof(((FaultVFS *)0)->name) || sqlite3_vfs_find(name) != NULL) return NULL;
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (real == NULL || real->iVersion < 2) return NULL;
    FaultVFS *vfs = calloc(1, sizeof(FaultVFS));
    if (vfs == NULL) return NULL;
    strcpy(vfs->name, name);
    vfs->real = real;
    vfs->base.iVersion = 2;
    vfs->base.szOsFile = (int)sizeof(FaultFile) + real->szOsFile;
    vfs->base.mxPathname = real->mxPathname;
    vfs->base.zName = vfs->name;
    vfs->base.pAppData = NULL;
    vfs->base.xOpen = v_open;
    vfs->base.xDelete = v_delete;
    vfs->base.xAccess = v_access;
    vfs->base.xFullPathname = v_full_pathname;
    vfs->base.xRandomness = v_randomness;
    vfs->base.xSleep = v_sleep;
    vfs->base.xCurrentTime = v_current_time;
    vfs->base.xGetLastError = v_get_last_error;
    vfs->base.xCurrentTimeInt64 = v_current_time_int64;
    if (sqlite3_vfs_register(&vfs->base, 0) != SQLITE_OK) {
        free(vfs);
        return NULL;
    }
    return vfs;
}

void fault_vfs_fail(FaultVFS *vfs, int sqlite_code, int system_errno, int after_writes) {
    __atomic_store_n(&vfs->code, sqlite_code, __ATOMIC_RELEASE);
    __atomic_store_n(&vfs->system_errno, system_errno, __ATOMIC_RELEASE);
    __atomic_store_n(&vfs->allowance, (long)after_writes, __ATOMIC_RELEASE);
    __atomic_store_n(&vfs->refused, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&vfs->armed, 1, __ATOMIC_RELEASE);
}

void fault_vfs_heal(FaultVFS *vfs) {
    __atomic_store_n(&vfs->armed, 0, __ATOMIC_RELEASE);
}

long fault_vfs_refused(FaultVFS *vfs) {
    return __atomic_load_n(&vfs->refused, __ATOMIC_ACQUIRE);
}
