"""Built-in examples for `wifdoctor demo`: a token, credentials and an error text per failure."""
