"""The application: command line, article library, segmentation and the Textual UI."""
