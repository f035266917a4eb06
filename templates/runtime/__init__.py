"""Code shared by every vendor module; not a public interface of its own."""
