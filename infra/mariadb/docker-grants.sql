-- Docker only: the application user may create the services' databases and the tests' ones.
GRANT ALL PRIVILEGES ON *.* TO 'promo'@'%' WITH GRANT OPTION;
