# Writes three public wage data sets, as R itself writes CSV, into the folder given as the first argument:
#   academics.csv   carData::Salaries      397 academics' nine-month salaries (rank, discipline, years, sex)
#   cps1985.csv     AER::CPS1985           534 workers' hourly wages from the May 1985 Current Population Survey
#   cps1988.csv     AER::CPS1988        28,155 men's weekly wages from the March 1988 Current Population Survey
# The packages are GPL, so their data is exported when the tests run rather than kept in the repository.
# Missing cells are written as NA, and headers keep R's dots (yrs.since.phd), as a data scientist's export does.
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
suppressPackageStartupMessages({
  library(carData)
  library(AER)
})
data("Salaries", package = "carData")
data("CPS1985", package = "AER")
data("CPS1988", package = "AER")
write.csv(Salaries, file.path(out, "academics.csv"), row.names = FALSE)
write.csv(CPS1985, file.path(out, "cps1985.csv"), row.names = FALSE)
write.csv(CPS1988, file.path(out, "cps1988.csv"), row.names = FALSE)
cat(nrow(Salaries), nrow(CPS1985), nrow(CPS1988), "\n")
