module example.com/dumpseries

go 1.19
