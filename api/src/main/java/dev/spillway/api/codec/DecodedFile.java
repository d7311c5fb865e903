package dev.spillway.api.codec;

import dev.spillway.api.status.Problem;
import java.util.List;

/**
 * Every document of one YAML file that describes a kind Spillway knows.
 *
 * @param cluster     federation cluster the file belongs to
 * @param fileName    file name, relative to the cluster's directory
 * @param documents   decoded documents, in file order; empty when the file is not valid YAML
 * @param fileProblem why the file as a whole could not be read (with line and column), or null
 */
public record DecodedFile(String cluster, String fileName, List<Decoded> documents, Problem fileProblem) {
    public DecodedFile {
        documents = List.copyOf(documents);
    }
}
