module example.com/hdgen

go 1.19
