package dev.spillway.server.cli.edit;

/**
 * Why a command could not do what it was asked; the message names the file or the Kubernetes object
 * and the resource, and the command prints it and exits 1. Nothing has been written when it is thrown.
 */
public final class EditException extends RuntimeException {

    public EditException(String message) {
        super(message);
    }

    public EditException(String message, Throwable cause) {
        super(message, cause);
    }
}
