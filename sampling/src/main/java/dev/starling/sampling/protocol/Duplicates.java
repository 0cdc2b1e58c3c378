package dev.starling.sampling.protocol;

/**
 * Where step 2 of a merge keeps the one descriptor it leaves of an address held twice (once in the view,
 * once in the received buffer). The paper says only "keeping the freshest"; the place matters because step 4
 * then removes S descriptors from the head of the list, the ones just sent.
 */
public enum Duplicates {
    /** The fresher copy stays where it stands (a fresher copy from the buffer sits at the tail). */
    FRESHER,
    /** The first copy's place is kept and takes the lower of the two ages (a sent head entry stays at the head). */
    FIRST;

    /**
     * @param text {@code fresher} or {@code first}, case-insensitively
     * @return the policy
     */
    public static Duplicates parse(String text) {
        return EnumNames.parse(Duplicates.class, text);
    }

    /** @return the lower-case name used on the command line */
    public String label() {
        return EnumNames.label(this);
    }
}
