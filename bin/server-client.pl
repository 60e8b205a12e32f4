#!/usr/bin/env perl
# server-client.pl SOCKET ARG... — bin/musubi's client of a warm `musubi server`, the protocol of
# jobs/src/main/java/org/musubi/jobs/server/ServerProtocol.java: sends this directory, the launcher settings and the
# job's arguments; relays the job's standard output and error as they come; exits with the job's exit code.
# Exits 75 when no server answers on the socket or the server declines the job (bin/musubi then runs the job in a JVM
# of its own), and 76 when this perl lacks a core module (bin/musubi then uses the Java client, ServerClient, which
# speaks the same protocol). Interrupting it (Ctrl-C) closes the connection, and the server cancels the job.
#
# Why perl and not the JVM: a job's client runs once per job, and a JVM with nothing to load still costs about 0.15 s
# wall and 0.2 CPU s to start, as much as a small warm job's own work (bench/RESULTS.md, "Lead, session 14"); perl is
# part of every Unix base system and starts in a few milliseconds.
use strict;
use warnings;

my $RUN_HERE_EXIT = 75;
my $NO_MODULES_EXIT = 76;
my $MAGIC = 0x4D534231; # "MSB1"

my $socket_path = shift @ARGV;
defined $socket_path or do { print STDERR "usage: server-client.pl SOCKET ARG...\n"; exit 2 };
eval { require Socket; require Cwd; 1 } or exit $NO_MODULES_EXIT;

socket(my $s, Socket::AF_UNIX(), Socket::SOCK_STREAM(), 0) or exit $RUN_HERE_EXIT;
connect($s, Socket::pack_sockaddr_un($socket_path)) or exit $RUN_HERE_EXIT; # no server (a stale socket file)
binmode $s;
binmode STDOUT;
binmode STDERR;

# A protocol string: int length (big-endian), then its bytes (the arguments as the shell gave them: UTF-8 text).
sub str {
    my $b = shift;
    utf8::encode($b) if utf8::is_utf8($b);
    return pack('N/a*', $b);
}

sub write_all {
    my ($fh, $buf) = @_;
    while (length $buf) {
        my $n = syswrite($fh, $buf);
        defined $n or return 0;
        substr($buf, 0, $n, '');
    }
    return 1;
}

my $cwd = Cwd::getcwd();
my $launch = 'MUSUBI_JAVA_OPTS=' . ($ENV{MUSUBI_JAVA_OPTS} // '') . "\nMUSUBI_EXTRA_JARS="
    . ($ENV{MUSUBI_EXTRA_JARS} // '');
my $request = pack('N', $MAGIC) . str($cwd) . str($launch) . pack('N', scalar @ARGV) . join('', map { str($_) } @ARGV);
write_all($s, $request) or lost("$!");

# Exactly $len bytes from the connection, or undef at its end.
sub read_n {
    my $len = shift;
    my $buf = '';
    while (length($buf) < $len) {
        my $n = sysread($s, $buf, $len - length($buf), length($buf));
        defined $n or lost("$!");
        return undef if $n == 0;
    }
    return $buf;
}

sub lost {
    print STDERR "musubi: lost the connection to the server: $_[0]\n";
    exit 2;
}

sub int_of {
    my $b = read_n(4);
    defined $b or lost('the stream ends inside a frame');
    return unpack('l>', $b);
}

while (1) {
    my $tag = read_n(1);
    if (!defined $tag) {
        print STDERR "musubi: the server closed the connection before the job ended (see its log in the server's run"
            . " directory; 'bin/musubi server status')\n";
        exit 2;
    }
    if ($tag eq 'O' || $tag eq 'E') {
        my $len = int_of();
        my $bytes = read_n($len);
        defined $bytes or lost('the stream ends inside a frame');
        write_all($tag eq 'O' ? \*STDOUT : \*STDERR, $bytes);
    } elsif ($tag eq 'X') {
        exit int_of();
    } elsif ($tag eq 'C') {
        my $reason = read_n(int_of());
        defined $reason or lost('the stream ends inside a frame');
        print STDERR "musubi: $reason: running the job in its own JVM\n";
        exit $RUN_HERE_EXIT;
    } else {
        print STDERR 'musubi: unexpected reply from the server (byte ' . ord($tag) . ")\n";
        exit 2;
    }
}
