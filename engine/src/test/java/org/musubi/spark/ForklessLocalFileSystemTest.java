package org.musubi.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sessions' local file system sets the modes Hadoop's own sets (which runs chmod), without a child process. */
class ForklessLocalFileSystemTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void sessionsUseIt() throws Exception {
        Configuration conf =
                SparkSessions.hadoopConfiguration(SparkSessions.settings("t", "local[1]", java.util.Map.of()));
        FileSystem fs = new Path(dir.toUri()).getFileSystem(conf);
        assertThat(fs).isInstanceOf(ForklessLocalFileSystem.class);
        Path f = new Path(dir.toUri().toString(), "a/b/out.txt");
        try (OutputStream o = fs.create(f, true)) {
            o.write(42);
        }
        assertThat(Files.readAllBytes(dir.resolve("a/b/out.txt"))).containsExactly(42);
        assertThat(dir.resolve("a/b/out.txt.crc")).doesNotExist();
        assertThat(dir.resolve("a/b/.out.txt.crc")).doesNotExist();
    }

    @Test
    void modesEqualHadoopsOwn() throws Exception {
        Configuration conf = new Configuration(false);
        RawLocalFileSystem hadoop = new RawLocalFileSystem();
        hadoop.initialize(dir.toUri(), conf);
        ForklessLocalFileSystem ours = new ForklessLocalFileSystem();
        ours.initialize(dir.toUri(), conf);
        // created files and directories made with a permission (the umask applied), then every mode set explicitly
        for (String umask : new String[] {"022", "077", "002"}) {
            conf.set("fs.permissions.umask-mode", umask);
            for (FileSystem fs : new FileSystem[] {hadoop, ours}) {
                String who = fs == ours ? "ours" : "hadoop";
                fs.create(new Path(dir.toUri().toString(), umask + "/" + who + ".f"), true)
                        .close();
                fs.mkdirs(new Path(dir.toUri().toString(), umask + "/" + who + ".d/x"), new FsPermission((short) 0755));
            }
            for (String name : new String[] {".f", ".d", ".d/x"}) {
                assertThat(mode(umask + "/ours" + name))
                        .as(umask + " " + name)
                        .isEqualTo(mode(umask + "/hadoop" + name));
            }
        }
        Files.createFile(dir.resolve("m"));
        for (int m = 0; m < 512; m += 37) {
            hadoop.setPermission(new Path(dir.toUri().toString(), "m"), new FsPermission((short) m));
            String expected = mode("m");
            ours.setPermission(new Path(dir.toUri().toString(), "m"), new FsPermission((short) (m ^ 0777)));
            ours.setPermission(new Path(dir.toUri().toString(), "m"), new FsPermission((short) m));
            assertThat(mode("m")).as(Integer.toOctalString(m)).isEqualTo(expected);
        }
        hadoop.setPermission(new Path(dir.toUri().toString(), "m"), new FsPermission((short) 0644));
    }

    private String mode(String rel) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(rel)));
    }
}
