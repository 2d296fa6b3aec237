//! The doc type grammar (`string`, `int64`, `offer_customized_info[]`, `map<string, int>`, ...).
