"""Pages of the campaign of studying and following Hồ Chí Minh. Every page, write and download goes through the
gate; out of scope and missing answer 404, and so does every refused write."""
