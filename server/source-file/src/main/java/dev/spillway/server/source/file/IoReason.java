package dev.spillway.server.source.file;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a path could not be read, as one line naming it: {@code /etc/spillway/remote: Permission denied}.
 * Java leaves the operating system's reason out of the exceptions it maps errno values to
 * ({@code AccessDeniedException} for EACCES, UnixException.translateToIOException), so it is put back.
 */
public final class IoReason {
    private IoReason() {}

    public static String of(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason() != null ? f.getReason() : standard(f);
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason;
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String standard(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        } else if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        return e.getClass().getSimpleName();
    }
}
