package com.nlre.tenancy.personal;

/** New personal data of a forgotten data subject cannot be sealed: its key is gone for good. */
public class SubjectForgottenException extends RuntimeException {

    private final transient DataSubject subject;

    public SubjectForgottenException(DataSubject subject) {
        super("data subject " + subject.type().wireName() + " " + subject.subjectId() + " was forgotten");
        this.subject = subject;
    }

    public DataSubject subject() {
        return subject;
    }
}
