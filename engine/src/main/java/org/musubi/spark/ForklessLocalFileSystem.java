package org.musubi.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's {@link RawLocalFileSystem} (the local file system Musubi's sessions use: no {@code .crc} side files) with
 * permissions set through {@code java.nio}, not a {@code chmod} child process. Without the native Hadoop library,
 * which Musubi does not ship, {@link RawLocalFileSystem#setPermission} forks and runs {@code chmod} for every file it
 * creates and every directory it makes with a permission: a fork of the whole JVM each time, tens of them per job
 * (part files, outputs, markers), seen as the children's CPU of a warm server. The mode set is the same (read, write
 * and execute bits of owner, group and others, the umask applied by Hadoop as before); a permission with the sticky
 * bit, or a file system without POSIX attributes, goes to Hadoop's own code.
 */
public class ForklessLocalFileSystem extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        java.nio.file.Path f = pathToFile(p).toPath();
        if (permission.getStickyBit() || Files.getFileAttributeView(f, PosixFileAttributeView.class) == null) {
            super.setPermission(p, permission);
            return;
        }
        Files.setPosixFilePermissions(f, posix(permission));
    }

    /** The nine mode bits of {@code permission} as {@code java.nio}'s set. */
    static Set<PosixFilePermission> posix(FsPermission permission) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        add(
                s,
                permission.getUserAction(),
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        add(
                s,
                permission.getGroupAction(),
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE);
        add(
                s,
                permission.getOtherAction(),
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        return s;
    }

    private static void add(
            Set<PosixFilePermission> s,
            FsAction a,
            PosixFilePermission r,
            PosixFilePermission w,
            PosixFilePermission x) {
        if (a.implies(FsAction.READ)) {
            s.add(r);
        }
        if (a.implies(FsAction.WRITE)) {
            s.add(w);
        }
        if (a.implies(FsAction.EXECUTE)) {
            s.add(x);
        }
    }
}
